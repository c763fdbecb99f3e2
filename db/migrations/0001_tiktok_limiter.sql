CREATE TABLE "tiktok_limiter_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"refilled_at" timestamp with time zone DEFAULT now() NOT NULL,
	"grants" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tiktok_limiter_orgs" (
	"bucket_key" text NOT NULL,
	"org_key" text NOT NULL,
	"last_grant" bigint NOT NULL,
	CONSTRAINT "tiktok_limiter_orgs_bucket_key_org_key_pk" PRIMARY KEY("bucket_key","org_key")
);
--> statement-breakpoint
CREATE TABLE "tiktok_limiter_waiters" (
	"ticket" bigserial PRIMARY KEY NOT NULL,
	"bucket_key" text NOT NULL,
	"org_key" text NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"granted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "tiktok_limiter_orgs" ADD CONSTRAINT "tiktok_limiter_orgs_bucket_key_tiktok_limiter_buckets_key_fk" FOREIGN KEY ("bucket_key") REFERENCES "public"."tiktok_limiter_buckets"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tiktok_limiter_waiters" ADD CONSTRAINT "tiktok_limiter_waiters_bucket_key_tiktok_limiter_buckets_key_fk" FOREIGN KEY ("bucket_key") REFERENCES "public"."tiktok_limiter_buckets"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tiktok_limiter_waiters_bucket_key_ticket_index" ON "tiktok_limiter_waiters" USING btree ("bucket_key","ticket");