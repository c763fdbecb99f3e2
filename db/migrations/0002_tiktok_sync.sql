CREATE TYPE "public"."tiktok_connection_method" AS ENUM('oauth', 'access_token');--> statement-breakpoint
CREATE TYPE "public"."tiktok_connection_status" AS ENUM('active', 'needs_reconnect', 'disconnected');--> statement-breakpoint
CREATE TYPE "public"."permission_change_kind" AS ENUM('gained', 'lost', 'changed');--> statement-breakpoint
CREATE TYPE "public"."sync_run_status" AS ENUM('queued', 'running', 'succeeded', 'partial', 'failed');--> statement-breakpoint
CREATE TYPE "public"."sync_trigger" AS ENUM('manual', 'schedule', 'demo', 'cli');--> statement-breakpoint
CREATE TABLE "tiktok_connections" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"label" text NOT NULL,
	"method" "tiktok_connection_method" NOT NULL,
	"access_token_sealed" text NOT NULL,
	"scopes" integer[] DEFAULT '{}' NOT NULL,
	"advertiser_ids" text[] DEFAULT '{}' NOT NULL,
	"bc_ids" text[] DEFAULT '{}' NOT NULL,
	"status" "tiktok_connection_status" DEFAULT 'active' NOT NULL,
	"status_reason" text,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"disconnected_at" timestamp with time zone,
	"last_synced_at" timestamp with time zone,
	CONSTRAINT "tiktok_connections_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "tt_ad_groups" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"adgroup_id" text NOT NULL,
	"advertiser_id" text NOT NULL,
	"campaign_id" text,
	"name" text,
	"placement_type" text,
	"placements" text[],
	"budget" double precision,
	"budget_mode" text,
	"schedule_start_time" timestamp with time zone,
	"schedule_end_time" timestamp with time zone,
	"optimization_goal" text,
	"operation_status" text,
	"secondary_status" text,
	"create_time" timestamp with time zone,
	"modify_time" timestamp with time zone,
	CONSTRAINT "tt_ad_groups_org_id_connection_id_adgroup_id_pk" PRIMARY KEY("org_id","connection_id","adgroup_id")
);
--> statement-breakpoint
CREATE TABLE "tt_ads" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"ad_id" text NOT NULL,
	"advertiser_id" text NOT NULL,
	"campaign_id" text,
	"adgroup_id" text,
	"name" text,
	"identity_type" text,
	"identity_id" text,
	"identity_authorized_bc_id" text,
	"ad_format" text,
	"video_id" text,
	"tiktok_item_id" text,
	"dark_post_status" text,
	"operation_status" text,
	"secondary_status" text,
	"creative_type" text,
	"ad_text" text,
	"call_to_action" text,
	"landing_page_url" text,
	"display_name" text,
	"deleted" boolean NOT NULL,
	"create_time" timestamp with time zone,
	"modify_time" timestamp with time zone,
	CONSTRAINT "tt_ads_org_id_connection_id_ad_id_pk" PRIMARY KEY("org_id","connection_id","ad_id")
);
--> statement-breakpoint
CREATE TABLE "tt_advertisers" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"bc_id" text NOT NULL,
	"advertiser_id" text NOT NULL,
	"name" text,
	"relation_type" text,
	"relation_status" text,
	"advertiser_status" text,
	"advertiser_account_type" text,
	"owner_bc_name" text,
	CONSTRAINT "tt_advertisers_org_id_connection_id_bc_id_advertiser_id_pk" PRIMARY KEY("org_id","connection_id","bc_id","advertiser_id")
);
--> statement-breakpoint
CREATE TABLE "tt_bc_members" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"bc_id" text NOT NULL,
	"member_key" text NOT NULL,
	"user_id" text,
	"user_name" text,
	"user_email" text,
	"user_role" text,
	"relation_status" text,
	"finance_role" text,
	CONSTRAINT "tt_bc_members_org_id_connection_id_bc_id_member_key_pk" PRIMARY KEY("org_id","connection_id","bc_id","member_key")
);
--> statement-breakpoint
CREATE TABLE "tt_bc_partners" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"bc_id" text NOT NULL,
	"asset_type" text NOT NULL,
	"asset_id" text NOT NULL,
	"partner_bc_id" text NOT NULL,
	"partner_name" text,
	CONSTRAINT "tt_bc_partners_org_id_connection_id_bc_id_asset_type_asset_id_partner_bc_id_pk" PRIMARY KEY("org_id","connection_id","bc_id","asset_type","asset_id","partner_bc_id")
);
--> statement-breakpoint
CREATE TABLE "tt_bc_tiktok_accounts" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"bc_id" text NOT NULL,
	"tt_account_id" text NOT NULL,
	"name" text,
	"relation_type" text,
	"relation_status" text,
	"tt_account_roles" text[],
	CONSTRAINT "tt_bc_tiktok_accounts_org_id_connection_id_bc_id_tt_account_id_pk" PRIMARY KEY("org_id","connection_id","bc_id","tt_account_id")
);
--> statement-breakpoint
CREATE TABLE "tt_business_centers" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"bc_id" text NOT NULL,
	"name" text,
	"company" text,
	"currency" text,
	"registered_area" text,
	"timezone" text,
	"status" text,
	"type" text,
	"user_role" text,
	"finance_role" text,
	CONSTRAINT "tt_business_centers_org_id_connection_id_bc_id_pk" PRIMARY KEY("org_id","connection_id","bc_id")
);
--> statement-breakpoint
CREATE TABLE "tt_campaigns" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"campaign_id" text NOT NULL,
	"advertiser_id" text NOT NULL,
	"name" text,
	"objective_type" text,
	"budget" double precision,
	"budget_mode" text,
	"operation_status" text,
	"secondary_status" text,
	"create_time" timestamp with time zone,
	"modify_time" timestamp with time zone,
	CONSTRAINT "tt_campaigns_org_id_connection_id_campaign_id_pk" PRIMARY KEY("org_id","connection_id","campaign_id")
);
--> statement-breakpoint
CREATE TABLE "tt_identities" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"advertiser_id" text NOT NULL,
	"identity_type" text NOT NULL,
	"identity_id" text NOT NULL,
	"identity_authorized_bc_id" text NOT NULL,
	"display_name" text,
	"username" text,
	"available_status" text,
	"can_pull_video" boolean,
	"can_push_video" boolean,
	"can_use_live_ads" boolean,
	"can_manage_message" boolean,
	"ads_only_mode" boolean,
	"is_gpppa" boolean,
	CONSTRAINT "tt_identities_org_id_connection_id_advertiser_id_identity_type_identity_id_identity_authorized_bc_id_pk" PRIMARY KEY("org_id","connection_id","advertiser_id","identity_type","identity_id","identity_authorized_bc_id")
);
--> statement-breakpoint
CREATE TABLE "tt_identity_posts" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"advertiser_id" text NOT NULL,
	"identity_type" text NOT NULL,
	"identity_id" text NOT NULL,
	"identity_authorized_bc_id" text NOT NULL,
	"item_id" text NOT NULL,
	"item_type" text,
	"status" text,
	"caption" text,
	"video_id" text,
	"duration_seconds" double precision,
	CONSTRAINT "tt_identity_posts_org_id_connection_id_advertiser_id_identity_type_identity_id_identity_authorized_bc_id_item_id_pk" PRIMARY KEY("org_id","connection_id","advertiser_id","identity_type","identity_id","identity_authorized_bc_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "tt_member_asset_roles" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"bc_id" text NOT NULL,
	"member_key" text NOT NULL,
	"asset_type" text NOT NULL,
	"asset_id" text NOT NULL,
	"asset_name" text,
	"advertiser_role" text,
	"tt_account_roles" text[],
	CONSTRAINT "tt_member_asset_roles_org_id_connection_id_bc_id_member_key_asset_type_asset_id_pk" PRIMARY KEY("org_id","connection_id","bc_id","member_key","asset_type","asset_id")
);
--> statement-breakpoint
CREATE TABLE "tt_spark_posts" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"synced_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	"advertiser_id" text NOT NULL,
	"item_id" text NOT NULL,
	"auth_code_masked" text,
	"auth_code_sha256" text,
	"item_type" text,
	"status" text,
	"caption" text,
	"ad_auth_status" text,
	"auth_start_time" timestamp with time zone,
	"auth_end_time" timestamp with time zone,
	"invite_start_time" timestamp with time zone,
	"identity_id" text,
	"identity_type" text,
	"tiktok_name" text,
	"video_id" text,
	"duration_seconds" double precision,
	"duet_original_item_id" text,
	"stitch_original_item_id" text,
	"is_multi_duet_stitch" boolean,
	"mentioned_item_ids" text[],
	CONSTRAINT "tt_spark_posts_org_id_connection_id_advertiser_id_item_id_pk" PRIMARY KEY("org_id","connection_id","advertiser_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "sync_runs" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"trigger" "sync_trigger" NOT NULL,
	"requested_by" text,
	"status" "sync_run_status" DEFAULT 'queued' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer DEFAULT 0 NOT NULL,
	"counters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"api_calls" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "sync_runs_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
CREATE TABLE "tt_permission_changes" (
	"org_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"sync_run_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"bc_id" text NOT NULL,
	"member_key" text NOT NULL,
	"member_name" text,
	"member_email" text,
	"asset_type" text NOT NULL,
	"asset_id" text NOT NULL,
	"asset_name" text,
	"change" "permission_change_kind" NOT NULL,
	"before" text[] NOT NULL,
	"after" text[] NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tt_permission_changes_org_id_id_pk" PRIMARY KEY("org_id","id")
);
--> statement-breakpoint
ALTER TABLE "tiktok_connections" ADD CONSTRAINT "tiktok_connections_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tiktok_connections" ADD CONSTRAINT "tiktok_connections_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_ad_groups" ADD CONSTRAINT "tt_ad_groups_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_ad_groups" ADD CONSTRAINT "tt_ad_groups_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_ads" ADD CONSTRAINT "tt_ads_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_ads" ADD CONSTRAINT "tt_ads_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_advertisers" ADD CONSTRAINT "tt_advertisers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_advertisers" ADD CONSTRAINT "tt_advertisers_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_bc_members" ADD CONSTRAINT "tt_bc_members_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_bc_members" ADD CONSTRAINT "tt_bc_members_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_bc_partners" ADD CONSTRAINT "tt_bc_partners_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_bc_partners" ADD CONSTRAINT "tt_bc_partners_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_bc_tiktok_accounts" ADD CONSTRAINT "tt_bc_tiktok_accounts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_bc_tiktok_accounts" ADD CONSTRAINT "tt_bc_tiktok_accounts_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_business_centers" ADD CONSTRAINT "tt_business_centers_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_business_centers" ADD CONSTRAINT "tt_business_centers_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_campaigns" ADD CONSTRAINT "tt_campaigns_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_campaigns" ADD CONSTRAINT "tt_campaigns_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_identities" ADD CONSTRAINT "tt_identities_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_identities" ADD CONSTRAINT "tt_identities_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_identity_posts" ADD CONSTRAINT "tt_identity_posts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_identity_posts" ADD CONSTRAINT "tt_identity_posts_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_member_asset_roles" ADD CONSTRAINT "tt_member_asset_roles_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_member_asset_roles" ADD CONSTRAINT "tt_member_asset_roles_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_spark_posts" ADD CONSTRAINT "tt_spark_posts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_spark_posts" ADD CONSTRAINT "tt_spark_posts_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_runs" ADD CONSTRAINT "sync_runs_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_permission_changes" ADD CONSTRAINT "tt_permission_changes_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tt_permission_changes" ADD CONSTRAINT "tt_permission_changes_run_fk" FOREIGN KEY ("org_id","sync_run_id") REFERENCES "public"."sync_runs"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tt_ad_groups_org_id_advertiser_id_index" ON "tt_ad_groups" USING btree ("org_id","advertiser_id");--> statement-breakpoint
CREATE INDEX "tt_ads_org_id_advertiser_id_index" ON "tt_ads" USING btree ("org_id","advertiser_id");--> statement-breakpoint
CREATE INDEX "tt_ads_org_id_tiktok_item_id_index" ON "tt_ads" USING btree ("org_id","tiktok_item_id");--> statement-breakpoint
CREATE INDEX "tt_advertisers_org_id_advertiser_id_index" ON "tt_advertisers" USING btree ("org_id","advertiser_id");--> statement-breakpoint
CREATE INDEX "tt_bc_members_org_id_user_email_index" ON "tt_bc_members" USING btree ("org_id","user_email");--> statement-breakpoint
CREATE INDEX "tt_bc_tiktok_accounts_org_id_tt_account_id_index" ON "tt_bc_tiktok_accounts" USING btree ("org_id","tt_account_id");--> statement-breakpoint
CREATE INDEX "tt_campaigns_org_id_advertiser_id_index" ON "tt_campaigns" USING btree ("org_id","advertiser_id");--> statement-breakpoint
CREATE INDEX "tt_identity_posts_org_id_item_id_index" ON "tt_identity_posts" USING btree ("org_id","item_id");--> statement-breakpoint
CREATE INDEX "tt_member_asset_roles_org_id_asset_type_asset_id_index" ON "tt_member_asset_roles" USING btree ("org_id","asset_type","asset_id");--> statement-breakpoint
CREATE INDEX "tt_spark_posts_org_id_item_id_index" ON "tt_spark_posts" USING btree ("org_id","item_id");--> statement-breakpoint
CREATE INDEX "tt_spark_posts_org_id_auth_code_sha256_index" ON "tt_spark_posts" USING btree ("org_id","auth_code_sha256");--> statement-breakpoint
CREATE INDEX "sync_runs_org_id_connection_id_created_at_index" ON "sync_runs" USING btree ("org_id","connection_id","created_at");--> statement-breakpoint
CREATE INDEX "sync_runs_org_id_created_at_index" ON "sync_runs" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "tt_permission_changes_org_id_detected_at_index" ON "tt_permission_changes" USING btree ("org_id","detected_at");--> statement-breakpoint
CREATE INDEX "tt_permission_changes_org_id_bc_id_member_key_index" ON "tt_permission_changes" USING btree ("org_id","bc_id","member_key");--> statement-breakpoint
CREATE INDEX "tt_permission_changes_org_id_asset_type_asset_id_index" ON "tt_permission_changes" USING btree ("org_id","asset_type","asset_id");