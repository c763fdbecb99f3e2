CREATE TYPE "public"."code_batch_source" AS ENUM('web', 'cli');--> statement-breakpoint
CREATE TYPE "public"."code_item_state" AS ENUM('pending', 'previewed', 'applying', 'applied', 'already_applied', 'failed', 'skipped');--> statement-breakpoint
CREATE TABLE "code_batch_items" (
	"org_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"position" integer NOT NULL,
	"advertiser_id" text NOT NULL,
	"connection_id" uuid NOT NULL,
	"code_masked" text NOT NULL,
	"code_sha256" text NOT NULL,
	"code_sealed" text,
	"state" "code_item_state" DEFAULT 'pending' NOT NULL,
	"preview" jsonb,
	"tiktok_code" integer,
	"tiktok_message" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "code_batch_items_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "code_batch_items_code_unique" UNIQUE("org_id","batch_id","advertiser_id","code_sha256"),
	CONSTRAINT "code_batch_items_code_cleared" CHECK ("code_batch_items"."state" not in ('applied', 'already_applied', 'skipped') or "code_batch_items"."code_sealed" is null),
	CONSTRAINT "code_batch_items_failure_explained" CHECK ("code_batch_items"."state" <> 'failed' or "code_batch_items"."tiktok_message" is not null)
);
--> statement-breakpoint
CREATE TABLE "code_batches" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"source" "code_batch_source" NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"advertiser_ids" text[] NOT NULL,
	"run_lease_until" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"follow_up_error" text,
	CONSTRAINT "code_batches_org_id_id_pk" PRIMARY KEY("org_id","id"),
	CONSTRAINT "code_batches_org_key_unique" UNIQUE("org_id","idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "code_batch_items" ADD CONSTRAINT "code_batch_items_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_batch_items" ADD CONSTRAINT "code_batch_items_batch_fk" FOREIGN KEY ("org_id","batch_id") REFERENCES "public"."code_batches"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_batch_items" ADD CONSTRAINT "code_batch_items_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_batches" ADD CONSTRAINT "code_batches_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "code_batches" ADD CONSTRAINT "code_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "code_batch_items_org_id_batch_id_position_index" ON "code_batch_items" USING btree ("org_id","batch_id","position");--> statement-breakpoint
CREATE INDEX "code_batches_org_id_created_at_index" ON "code_batches" USING btree ("org_id","created_at");