ALTER TABLE "organizations" ADD COLUMN "permission_refresh_hours" integer DEFAULT 24 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "preview_checks_per_hour" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "tiktok_connections" ADD COLUMN "permissions_synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "tiktok_connections" ADD COLUMN "permissions_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "api_calls_by_endpoint" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD COLUMN "read_permissions" boolean DEFAULT true NOT NULL;