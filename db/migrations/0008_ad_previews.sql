CREATE TABLE "ad_previews" (
	"org_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"ad_id" text NOT NULL,
	"advertiser_id" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL,
	"preview_url" text,
	"reason" text,
	CONSTRAINT "ad_previews_org_id_connection_id_ad_id_pk" PRIMARY KEY("org_id","connection_id","ad_id")
);
--> statement-breakpoint
ALTER TABLE "ad_previews" ADD CONSTRAINT "ad_previews_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ad_previews" ADD CONSTRAINT "ad_previews_connection_fk" FOREIGN KEY ("org_id","connection_id") REFERENCES "public"."tiktok_connections"("org_id","id") ON DELETE cascade ON UPDATE no action;