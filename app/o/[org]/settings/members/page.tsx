import type { Metadata } from 'next';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { listPendingInvitations } from '@/lib/tenancy/invitations';
import { listMembers } from '@/lib/tenancy/members';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { hasRole } from '@/lib/tenancy/roles';
import { InviteForm, MembersTable, PendingInvitations } from './members-client';

export const metadata: Metadata = { title: 'Members' };

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  const canManage = hasRole(ctx.role, 'admin');
  const [members, invitations] = await Promise.all([listMembers(ctx.db, { orgId: ctx.org.id }), canManage ? listPendingInvitations(ctx.db, { orgId: ctx.org.id }) : Promise.resolve([])]);
  return (
    <>
      <PageHeader
        title="Members"
        description={canManage ? 'Invite teammates and clients, and decide what each of them may do.' : 'Who has access to this organization. Only admins and owners can change members.'}
      />
      <div className="space-y-6">
        {canManage ? (
          <Card>
            <CardHeader title="Invite someone" description="They get a link that is valid for 7 days. Send it to them yourself." />
            <div className="px-5 py-4">
              <InviteForm orgSlug={ctx.org.slug} canInviteOwner={ctx.role === 'owner'} />
            </div>
          </Card>
        ) : null}
        <Card>
          <CardHeader title={`${members.length} member${members.length === 1 ? '' : 's'}`} description="Owner › Admin › Member › Viewer. Admins manage members; only owners manage owners." />
          <MembersTable orgSlug={ctx.org.slug} members={members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() }))} me={{ userId: ctx.user.id, role: ctx.role }} timeZone={ctx.org.timeZone} />
        </Card>
        {canManage && invitations.length > 0 ? (
          <Card>
            <CardHeader title="Pending invitations" />
            <PendingInvitations
              orgSlug={ctx.org.slug}
              invitations={invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString(), createdAt: i.createdAt.toISOString() }))}
              timeZone={ctx.org.timeZone}
            />
          </Card>
        ) : null}
      </div>
    </>
  );
}
