// Which TikTok account of a Business Center a BC_AUTH_TT identity stands for. Pure; both the health
// engine and the permissions engine call this one function.
//
// TikTok gives the two sides no shared key: a TT_ACCOUNT asset has an int64 `asset_id` and an
// `asset_name` (`official-spec/bc_asset_get.yml`), a BC_AUTH_TT identity a UUID-like `identity_id`,
// its `identity_authorized_bc_id`, `username` and `display_name` (identity/get, Doc 1740218420781057).
// So the match rests on: the same BC, then id equality (should TikTok ever use one id for both),
// then the identity's username, then its display name, each compared with the asset name without
// '@' and case. Two accounts of that BC answering to the same name is ambiguous: no guess is made.

export type BcAccountCandidate = { bcId: string; ttAccountId: string; name: string | null };

export type IdentityNames = {
  identityId: string;
  /** `identity_authorized_bc_id`. */
  bcId: string | null;
  username: string | null;
  displayName: string | null;
};

export type BcAccountMatch<T extends BcAccountCandidate> =
  { kind: 'matched'; account: T; by: 'id' | 'username' | 'display_name' } | { kind: 'ambiguous'; accounts: T[]; by: 'username' | 'display_name'; name: string } | { kind: 'unmatched' };

/** A TikTok handle or account name as compared: no leading '@', no surrounding space, any case. */
export function normalizeAccountName(name: string | null | undefined): string | null {
  const normal = name?.trim().replace(/^@/, '').trim().toLowerCase() ?? '';
  return normal === '' ? null : normal;
}

function distinct<T extends BcAccountCandidate>(accounts: T[]): T[] {
  return accounts.filter((a, i) => accounts.findIndex((b) => b.ttAccountId === a.ttAccountId) === i);
}

/** The account of the identity's own BC it stands for, among `accounts` (any BCs; others are ignored). */
export function matchBcAccount<T extends BcAccountCandidate>(identity: IdentityNames, accounts: readonly T[]): BcAccountMatch<T> {
  if (identity.bcId === null) return { kind: 'unmatched' };
  const inBc = accounts.filter((a) => a.bcId === identity.bcId);
  const byId = inBc.find((a) => a.ttAccountId === identity.identityId);
  if (byId !== undefined) return { kind: 'matched', account: byId, by: 'id' };
  for (const [by, name] of [
    ['username', normalizeAccountName(identity.username)],
    ['display_name', normalizeAccountName(identity.displayName)],
  ] as const) {
    if (name === null) continue;
    const named = distinct(inBc.filter((a) => normalizeAccountName(a.name) === name));
    if (named.length === 1) return { kind: 'matched', account: named[0] as T, by };
    if (named.length > 1) return { kind: 'ambiguous', accounts: named, by, name };
  }
  return { kind: 'unmatched' };
}

/** The names an identity could be listed under in a BC, for prefiltering candidate accounts in SQL. */
export function accountNamesOf(identity: Pick<IdentityNames, 'username' | 'displayName'>): string[] {
  return [normalizeAccountName(identity.username), normalizeAccountName(identity.displayName)].filter((n): n is string => n !== null);
}
