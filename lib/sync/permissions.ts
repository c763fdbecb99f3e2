import type { ttMemberAssetRoles } from '@/db/schema';

type AssetRole = Pick<typeof ttMemberAssetRoles.$inferInsert, 'memberKey' | 'assetType' | 'assetId' | 'assetName' | 'advertiserRole' | 'ttAccountRoles'>;

export type MemberInfo = { name: string | null; email: string | null };

export type PermissionChange = {
  memberKey: string;
  memberName: string | null;
  memberEmail: string | null;
  assetType: string;
  assetId: string;
  assetName: string | null;
  change: 'gained' | 'lost' | 'changed';
  before: string[];
  after: string[];
};

/** What a member holds on an asset: the ad-account role as a one-element list, or the TikTok-account permissions. */
export function grantsOf(role: AssetRole | undefined): string[] {
  if (role === undefined) return [];
  if (role.advertiserRole) return [role.advertiserRole];
  return [...(role.ttAccountRoles ?? [])].sort();
}

const keyOf = (role: AssetRole) => JSON.stringify([role.memberKey, role.assetType, role.assetId]);

/** Who gained, lost or changed what on which asset between two snapshots of one BC, in a stable order. */
export function diffPermissions(previous: readonly AssetRole[], next: readonly AssetRole[], members: ReadonlyMap<string, MemberInfo>): PermissionChange[] {
  const before = new Map(previous.map((r) => [keyOf(r), r]));
  const after = new Map(next.map((r) => [keyOf(r), r]));
  const changes: PermissionChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const old = before.get(key);
    const current = after.get(key);
    const was = grantsOf(old);
    const is = grantsOf(current);
    if (was.join() === is.join()) continue;
    const role = (current ?? old) as AssetRole;
    const member = members.get(role.memberKey);
    changes.push({
      memberKey: role.memberKey,
      memberName: member?.name ?? null,
      memberEmail: member?.email ?? null,
      assetType: role.assetType,
      assetId: role.assetId,
      assetName: current?.assetName ?? old?.assetName ?? null,
      change: was.length === 0 ? 'gained' : is.length === 0 ? 'lost' : 'changed',
      before: was,
      after: is,
    });
  }
  return changes.sort((a, b) => a.memberKey.localeCompare(b.memberKey) || a.assetType.localeCompare(b.assetType) || a.assetId.localeCompare(b.assetId));
}
