-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it; PGlite loads it from its contrib bundle.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "ad_health_search_text_trgm_index" ON "ad_health" USING gin ("search_text" gin_trgm_ops);