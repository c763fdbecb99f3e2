-- Row-level security on api_keys, as migration 0012 does for every org_id table: an organization's
-- requests (sparkcheck_app) see and change only their own keys. The one read across organizations,
-- finding a presented key by its public prefix (lib/api-keys authenticateApiKey), runs as the login
-- role, like sign-in, and returns only that one row.
ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tenant_isolation ON api_keys USING (org_id = current_setting('app.org_id', true)::uuid) WITH CHECK (org_id = current_setting('app.org_id', true)::uuid);
