CREATE TYPE "public"."ad_health_status" AS ENUM('healthy', 'warning', 'blocking', 'not_spark', 'deleted');--> statement-breakpoint
CREATE TABLE "ad_health" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"ad_id" text NOT NULL,
	"advertiser_id" text NOT NULL,
	"advertiser_name" text,
	"campaign_id" text,
	"campaign_name" text,
	"adgroup_id" text,
	"adgroup_name" text,
	"ad_name" text,
	"item_id" text,
	"identity_type" text,
	"identity_id" text,
	"identity_handle" text,
	"post_handle" text,
	"operation_status" text,
	"secondary_status" text,
	"status" "ad_health_status" NOT NULL,
	"severity_rank" integer NOT NULL,
	"root_cause_code" text,
	"root_cause_pillar" text,
	"root_cause_subject" text,
	"finding_codes" text[] DEFAULT '{}' NOT NULL,
	"finding_pillars" text[] DEFAULT '{}' NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"auth_end_time" timestamp with time zone,
	"search_text" text NOT NULL,
	"blocking_since" timestamp with time zone,
	"evaluated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ad_health_org_id_connection_id_ad_id_pk" PRIMARY KEY("org_id","connection_id","ad_id")
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "expiry_window_days" integer DEFAULT 14 NOT NULL;--> statement-breakpoint
ALTER TABLE "ad_health" ADD CONSTRAINT "ad_health_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_health" ADD CONSTRAINT "ad_health_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ad_health_org_id_severity_rank_ad_id_index" ON "ad_health" USING btree ("org_id","severity_rank","ad_id");--> statement-breakpoint
CREATE INDEX "ad_health_org_id_advertiser_id_severity_rank_index" ON "ad_health" USING btree ("org_id","advertiser_id","severity_rank");--> statement-breakpoint
CREATE INDEX "ad_health_org_id_root_cause_code_root_cause_subject_index" ON "ad_health" USING btree ("org_id","root_cause_code","root_cause_subject");--> statement-breakpoint
CREATE INDEX "ad_health_org_id_auth_end_time_index" ON "ad_health" USING btree ("org_id","auth_end_time");--> statement-breakpoint
CREATE INDEX "ad_health_org_id_ad_id_index" ON "ad_health" USING btree ("org_id","ad_id");