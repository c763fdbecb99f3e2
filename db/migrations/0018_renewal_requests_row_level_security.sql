-- Renewal requests (issue 18) are tenant rows: the same forced policy as migration 0012. The public
-- link's lookup by token hash is a cross-organization path (README, Security) that runs as the login role.
ALTER TABLE renewal_requests ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE renewal_requests FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON renewal_requests USING (org_id = current_setting('app.org_id', true)::uuid) WITH CHECK (org_id = current_setting('app.org_id', true)::uuid);
