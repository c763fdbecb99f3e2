import { BC_LIMITS, effectiveTtRoles, isBound, isPending, PERMISSION_LABELS, type PermissionSnapshot, type SnapshotIndex } from './access';

/** A member permission on a TikTok account that the BC itself does not hold, so it does nothing. */
export type IneffectiveGrant = {
  bcId: string;
  bcName: string;
  memberKey: string;
  memberName: string;
  ttAccountId: string;
  ttAccountName: string;
  permissions: string[];
  reason: string;
  fix: string;
};

export type RiskKind = 'noAssets' | 'tooManyAdmins' | 'pendingOnly';
export type RiskySetup = { kind: RiskKind; bcId: string | null; bcName: string | null; memberKey: string | null; memberName: string | null; message: string; fix: string };

const labels = (permissions: string[]) => permissions.map((p) => PERMISSION_LABELS[p] ?? p).join(', ');

export function findIneffectiveGrants(snapshot: PermissionSnapshot, index: SnapshotIndex): IneffectiveGrant[] {
  const names = new Map(snapshot.members.map((m) => [m.memberKey, m.name ?? m.email ?? m.memberKey]));
  const out: IneffectiveGrant[] = [];
  for (const g of snapshot.grants) {
    if (g.assetType !== 'TT_ACCOUNT') continue;
    const account = index.ttAccount(g.bcId, g.assetId);
    const { ineffective } = effectiveTtRoles(g, account);
    if (ineffective.length === 0) continue;
    const ttAccountName = index.ttName(g.assetId);
    const bcName = index.bcName(g.bcId);
    const memberName = names.get(g.memberKey) ?? g.memberKey;
    const reason =
      account && !isBound(account)
        ? `The link of ${ttAccountName} to ${bcName} is pending, so the Business Center holds nothing on it yet`
        : `${bcName} holds ${account && account.roles.length > 0 ? `only ${labels(account.roles)}` : 'no permission'} on ${ttAccountName}`;
    out.push({
      bcId: g.bcId,
      bcName,
      memberKey: g.memberKey,
      memberName,
      ttAccountId: g.assetId,
      ttAccountName,
      permissions: ineffective,
      reason,
      fix: `Ask the owner of ${ttAccountName} to grant the Business Center ${labels(ineffective)} (Accounts → TikTok accounts → ${ttAccountName} → request permissions again), or remove ${labels(ineffective)} from ${memberName} so the grant says what it does.`,
    });
  }
  return out.sort((a, b) => a.bcName.localeCompare(b.bcName) || a.memberName.localeCompare(b.memberName) || a.ttAccountName.localeCompare(b.ttAccountName));
}

/**
 * Setups a team lead should look at: Standard members with no asset (they can do nothing; an Admin
 * without assignments still manages the BC, so is not listed), more Admins than TikTok allows, and
 * people who only exist as pending invitations.
 */
export function findRiskySetups(snapshot: PermissionSnapshot, index: SnapshotIndex): RiskySetup[] {
  const out: RiskySetup[] = [];
  const withAssets = new Set(snapshot.grants.map((g) => `${g.bcId}|${g.memberKey}`));
  const admins = new Map<string, number>();
  for (const m of snapshot.members) {
    const name = m.name ?? m.email ?? m.memberKey;
    if (m.bcRole === 'ADMIN') admins.set(m.bcId, (admins.get(m.bcId) ?? 0) + 1);
    if (!isPending(m) && m.bcRole !== 'ADMIN' && !withAssets.has(`${m.bcId}|${m.memberKey}`)) {
      const bcName = index.bcName(m.bcId);
      out.push({
        kind: 'noAssets',
        bcId: m.bcId,
        bcName,
        memberKey: m.memberKey,
        memberName: name,
        message: `${name} is a member of ${bcName} with no ad account or TikTok account assigned`,
        fix: `Assign the assets ${name} works on (Users → ${name} → Grant access), or remove them from ${bcName}.`,
      });
    }
  }
  for (const [bcId, count] of admins) {
    if (count <= BC_LIMITS.admins) continue;
    const bcName = index.bcName(bcId);
    out.push({
      kind: 'tooManyAdmins',
      bcId,
      bcName,
      memberKey: null,
      memberName: null,
      message: `${bcName} has ${count} Admins (invitations included); TikTok allows ${BC_LIMITS.admins}`,
      fix: `Change members who do not manage members or assets to Standard (Users → member → Edit role).`,
    });
  }
  const byPerson = new Map<string, typeof snapshot.members>();
  for (const m of snapshot.members) byPerson.set(m.memberKey, [...(byPerson.get(m.memberKey) ?? []), m]);
  for (const [memberKey, rows] of byPerson) {
    if (!rows.every(isPending)) continue;
    const name = rows[0]!.name ?? rows[0]!.email ?? memberKey;
    const bcNames = rows.map((r) => index.bcName(r.bcId)).join(', ');
    out.push({
      kind: 'pendingOnly',
      bcId: rows[0]!.bcId,
      bcName: bcNames,
      memberKey,
      memberName: name,
      message: `${name} was invited to ${bcNames} but has not accepted; the assets assigned to the invitation do nothing yet`,
      fix: `Ask ${name} to accept, resend the invitation (Users → ${name} → Resend), or cancel it.`,
    });
  }
  const order: Record<RiskKind, number> = { tooManyAdmins: 0, noAssets: 1, pendingOnly: 2 };
  return out.sort((a, b) => order[a.kind] - order[b.kind] || (a.bcName ?? '').localeCompare(b.bcName ?? '') || (a.memberName ?? '').localeCompare(b.memberName ?? ''));
}
