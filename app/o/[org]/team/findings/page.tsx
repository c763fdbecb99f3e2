import type { Metadata } from 'next';
import { TtPermissions } from '@/components/team/grants';
import { Badge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { Table, TableHead, Td } from '@/components/ui/table';
import { BC_LIMITS, indexSnapshot } from '@/lib/permissions/access';
import { findIneffectiveGrants, findRiskySetups, type RiskKind } from '@/lib/permissions/findings';
import { loadSnapshot } from '@/lib/permissions/queries';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Ineffective grants and risky setups' };

/** Enough to act on; the rest is counted, not dropped silently. */
const SHOWN = 200;

const RISK_LABELS: Record<RiskKind, { label: string; tone: 'red' | 'amber' | 'neutral' }> = {
  tooManyAdmins: { label: `More than ${BC_LIMITS.admins} Admins`, tone: 'red' },
  noAssets: { label: 'No assets', tone: 'amber' },
  pendingOnly: { label: 'Only invited', tone: 'neutral' },
};

const number = new Intl.NumberFormat('en-US');

export default async function TeamFindingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  const snapshot = await loadSnapshot(ctx.db, { orgId: ctx.org.id });
  const index = indexSnapshot(snapshot);
  const grants = findIneffectiveGrants(snapshot, index);
  const risks = findRiskySetups(snapshot, index);
  // Before the first sync there is nothing to judge: say so instead of “every permission is backed”.
  const synced = snapshot.bcs.length > 0;
  const more = (count: number) =>
    count > SHOWN ? (
      <p className="border-t border-slate-100 px-5 py-3 text-sm text-slate-500">
        Showing the first {SHOWN} of {number.format(count)}.
      </p>
    ) : null;
  return (
    <>
      <Card className="mb-5">
        <CardHeader
          title={`${number.format(grants.length)} ineffective grant${grants.length === 1 ? '' : 's'}`}
          description="Member permissions on a TikTok account that the Business Center itself does not hold. A Business Center can only give what it has: fix its own permission first, or remove the grant."
        />
        {grants.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-500">
            {synced ? 'Every member permission is backed by the Business Center.' : 'No Business Center has been synced yet: connect TikTok and run a sync.'}
          </p>
        ) : (
          <Table>
            <TableHead columns={['Member', 'TikTok account', 'Does nothing', 'Why', 'What to change']} />
            <tbody className="divide-y divide-slate-100">
              {grants.slice(0, SHOWN).map((g) => (
                <tr key={`${g.bcId}|${g.memberKey}|${g.ttAccountId}`} className="align-top" data-testid="ineffective-grant">
                  <Td>
                    <div className="whitespace-nowrap font-medium text-slate-900">{g.memberName}</div>
                    <div className="text-xs text-slate-500">{g.bcName}</div>
                  </Td>
                  <Td>{g.ttAccountName}</Td>
                  <Td>
                    <TtPermissions effective={[]} ineffective={g.permissions} />
                  </Td>
                  <Td className="max-w-xs text-slate-600">{g.reason}</Td>
                  <Td className="max-w-sm text-slate-600">{g.fix}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {more(grants.length)}
      </Card>
      <Card>
        <CardHeader
          title={`${number.format(risks.length)} risky setup${risks.length === 1 ? '' : 's'}`}
          description={`Standard members with no assets, Business Centers with more than TikTok's ${BC_LIMITS.admins} Admins, and people who only exist as pending invitations.`}
        />
        {risks.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-500">{synced ? 'Nothing to look at.' : 'No Business Center has been synced yet: connect TikTok and run a sync.'}</p>
        ) : (
          <Table>
            <TableHead columns={['Kind', 'What', 'What to change']} />
            <tbody className="divide-y divide-slate-100">
              {risks.slice(0, SHOWN).map((r) => (
                <tr key={`${r.kind}|${r.bcId ?? ''}|${r.memberKey ?? ''}`} className="align-top" data-testid="risky-setup">
                  <Td className="whitespace-nowrap">
                    <Badge tone={RISK_LABELS[r.kind].tone}>{RISK_LABELS[r.kind].label}</Badge>
                  </Td>
                  <Td className="max-w-md text-slate-700">{r.message}</Td>
                  <Td className="max-w-md text-slate-600">{r.fix}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {more(risks.length)}
      </Card>
    </>
  );
}
