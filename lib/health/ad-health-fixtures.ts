import type { Database } from '@/db/client';
import { adHealth, organizations, tiktokConnections, type StoredFinding } from '@/db/schema';

// Stored ad health rows for tests of the read side (queries, CLI): what lib/health/recompute writes, inserted directly.

export const NOW = new Date('2026-11-24T12:00:00Z');
export const days = (n: number) => new Date(NOW.getTime() + n * 86_400_000);

export type Org = { orgId: string; connectionId: string };

export async function createOrg(db: Database, name: string): Promise<Org> {
  const [org] = await db
    .insert(organizations)
    .values({ name, slug: `${name.toLowerCase().replace(/\W+/g, '-')}-${crypto.randomUUID().slice(0, 8)}`, kind: 'brand' })
    .returning();
  const [connection] = await db
    .insert(tiktokConnections)
    .values({ orgId: org!.id, label: 'Sandbox', method: 'access_token', accessTokenSealed: 'sealed', lastSyncedAt: days(-1) })
    .returning();
  return { orgId: org!.id, connectionId: connection!.id };
}

export const finding = (code: string, pillar: StoredFinding['pillar'], severity: StoredFinding['severity'], subject: string | null, evidence: StoredFinding['evidence'] = {}): StoredFinding => ({
  code,
  pillar,
  severity,
  subject,
  evidence,
});

export type AdInput = {
  adId: string;
  adName?: string;
  advertiserId?: string;
  advertiserName?: string;
  status: (typeof adHealth.$inferInsert)['status'];
  findings?: StoredFinding[];
  identityHandle?: string;
  authEndTime?: Date;
  itemId?: string;
};

const RANK = { healthy: 0, not_spark: 0, deleted: 0, warning: 2, blocking: 3 } as const;

export function adRow(org: Org, ad: AdInput): typeof adHealth.$inferInsert {
  const findings = ad.findings ?? [];
  const root = findings.find((f) => f.severity === 'blocking') ?? findings[0];
  const advertiserId = ad.advertiserId ?? '7001';
  return {
    orgId: org.orgId,
    connectionId: org.connectionId,
    adId: ad.adId,
    adName: ad.adName ?? `Ad ${ad.adId}`,
    advertiserId,
    advertiserName: ad.advertiserName ?? `Account ${advertiserId}`,
    campaignName: 'Campaign',
    itemId: ad.itemId ?? `item-${ad.adId}`,
    identityType: 'BC_AUTH_TT',
    identityHandle: ad.identityHandle ?? 'brand',
    postHandle: ad.identityHandle ?? 'brand',
    status: ad.status,
    severityRank: RANK[ad.status],
    rootCauseCode: root?.code ?? null,
    rootCausePillar: root?.pillar ?? null,
    rootCauseSubject: root?.subject ?? null,
    findingCodes: findings.map((f) => f.code),
    findingPillars: [...new Set(findings.map((f) => f.pillar))],
    findings,
    authEndTime: ad.authEndTime ?? null,
    searchText: [ad.adName ?? `Ad ${ad.adId}`, ad.identityHandle ?? 'brand', ad.adId].join(' ').toLowerCase(),
    evaluatedAt: NOW,
  };
}

export const pending = (account: string) => finding('BC_LINK_PENDING', 'business_center', 'blocking', `tt_account:${account}`, { handle: account, relation_status: 'PENDING' });
export const expiring = finding('AUTH_EXPIRING_SOON', 'authorization', 'warning', null, { auth_end_time: days(3).toISOString() });
export const customIdentity = finding('IDENTITY_CUSTOM', 'identity', 'blocking', null, { identity_type: 'CUSTOMIZED_USER' });
