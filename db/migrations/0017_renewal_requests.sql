CREATE TYPE "public"."renewal_status" AS ENUM('sent', 'opened', 'code_received', 'applied', 'failed', 'expired', 'revoked');--> statement-breakpoint
ALTER TYPE "public"."alert_kind" ADD VALUE 'renewal';--> statement-breakpoint
CREATE TABLE "renewal_requests" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"item_id" text NOT NULL,
	"advertiser_ids" text[] NOT NULL,
	"token_hash" text NOT NULL,
	"token_sealed" text,
	"status" "renewal_status" DEFAULT 'sent' NOT NULL,
	"creator_email" text,
	"expires_at" timestamp with time zone NOT NULL,
	"opened_at" timestamp with time zone,
	"code_received_at" timestamp with time zone,
	"applied_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"reminder_sent_at" timestamp with time zone,
	"code_masked" text,
	"code_sha256" text,
	"batch_id" uuid,
	"new_end_time" timestamp with time zone,
	"result" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "renewal_requests_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "renewal_requests" ADD CONSTRAINT "renewal_requests_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "renewal_requests" ADD CONSTRAINT "renewal_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "renewal_requests_token_unique" ON "renewal_requests" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "renewal_requests_org_id_created_at_index" ON "renewal_requests" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "renewal_requests_org_id_item_id_index" ON "renewal_requests" USING btree ("org_id","item_id");