import type { Metadata } from 'next';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { describeAuditEntry } from '@/lib/audit/describe';
import { listAuditEntries } from '@/lib/audit/queries';
import { listPendingInvitations } from '@/lib/tenancy/invitations';
import { listMembers } from '@/lib/tenancy/members';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { hasRole, ROLE_LABELS } from '@/lib/tenancy/roles';

export const metadata: Metadata = { title: 'Overview' };

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function OverviewPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  const [members, invitations, activity] = await Promise.all([
    listMembers(ctx.db, { orgId: ctx.org.id }),
    hasRole(ctx.role, 'admin') ? listPendingInvitations(ctx.db, { orgId: ctx.org.id }) : Promise.resolve(null),
    listAuditEntries(ctx.db, { orgId: ctx.org.id, limit: 15 }),
  ]);
  return (
    <>
      <PageHeader
        title={ctx.org.name}
        description={
          <span className="inline-flex items-center gap-2">
            <Badge tone="brand">{ctx.org.kind === 'agency' ? 'Agency' : 'Brand'}</Badge>
            <span>You are {ROLE_LABELS[ctx.role].toLowerCase()} of this organization.</span>
          </span>
        }
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Stat label="Members" value={members.length} />
        <Stat label="Owners and admins" value={members.filter((m) => hasRole(m.role, 'admin')).length} />
        <Stat label="Pending invitations" value={invitations ? invitations.length : '—'} hint={invitations ? undefined : 'visible to admins'} />
      </div>
      <Card className="mt-6">
        <CardHeader title="Recent activity" description="Membership, invitation and TikTok connection changes in this organization (UTC)." />
        {activity.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">Nothing has happened here yet.</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {activity.map((entry) => (
              <li key={entry.id} className="flex items-center justify-between gap-4 px-5 py-3 text-sm">
                <span className="text-slate-700">{describeAuditEntry(entry)}</span>
                <time className="shrink-0 text-xs text-slate-400" dateTime={entry.createdAt.toISOString()}>
                  {dateTime.format(entry.createdAt)}
                </time>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function Stat({ label, value, hint }: { label: string; value: number | string; hint?: string }) {
  return (
    <Card className="px-5 py-4">
      <p className="text-sm text-slate-500">{label}</p>
      <p className="mt-1 text-3xl font-semibold tracking-tight text-slate-900">{value}</p>
      {hint ? <p className="mt-1 text-xs text-slate-400">{hint}</p> : null}
    </Card>
  );
}
