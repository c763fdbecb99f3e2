import type { ReactNode } from 'react';
import { PermissionsFreshness } from '@/components/team/permissions-freshness';
import { TeamTabs } from '@/components/team/team-tabs';
import { PageHeader } from '@/components/ui/card';
import { getPermissionsState } from '@/lib/sync';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { hasRole } from '@/lib/tenancy/roles';

// The organization layout above has already checked the membership (a foreign slug is a 404 there);
// this layout and each team page check it again (one cached read per request) before reading data.
export default async function TeamLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  const state = await getPermissionsState(ctx.db, { orgId: ctx.org.id });
  return (
    <>
      <PageHeader title="Team" description="Who can do what in your Business Centers, why someone cannot use a post, and what changed. Fix things in TikTok Business Center." />
      <PermissionsFreshness
        orgSlug={ctx.org.slug}
        readAt={state.readAt?.toISOString() ?? null}
        pending={state.pending}
        refreshHours={state.refreshHours}
        canRefresh={hasRole(ctx.role, 'member')}
        timeZone={ctx.org.timeZone}
      />
      <TeamTabs base={`/o/${encodeURIComponent(org)}/team`} />
      {children}
    </>
  );
}
