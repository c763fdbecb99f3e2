-- Text search under row-level security. `search_text LIKE '%term%'` uses the trigram index (0010) only
-- when Postgres may apply the LIKE before the policy; LIKE is not a leakproof operator, so under the
-- policy it scanned every ad of the organization (8× slower at 100,000 ads). This function runs the
-- search as its owner (the migrating role, which the policy does not restrict when it is a superuser)
-- and is itself scoped: it returns only ads of the organization it is asked about, and, when a request
-- has set app.org_id (every forOrganization statement does), only if that is the same organization.
-- Where the owner is subject to the policy, it is still correct, only without the index.
CREATE FUNCTION ad_health_matching(p_org uuid, p_pattern text) RETURNS TABLE (connection_id uuid, ad_id text)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
  SELECT h.connection_id, h.ad_id
  FROM ad_health h
  WHERE h.org_id = p_org
    AND p_org = coalesce(nullif(current_setting('app.org_id', true), '')::uuid, p_org)
    AND h.search_text LIKE p_pattern
$$;
