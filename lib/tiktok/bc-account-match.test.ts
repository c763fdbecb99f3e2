import { describe, expect, it } from 'vitest';
import { matchBcAccount, normalizeAccountName } from './bc-account-match';

const account = (ttAccountId: string, name: string | null, bcId = 'bc1') => ({ bcId, ttAccountId, name });
const identity = { identityId: '1b9f2c3e-0000-4000-8000-00000000abcd', bcId: 'bc1', username: 'northwind', displayName: 'Northwind' };

describe('matchBcAccount', () => {
  it('matches a UUID-like identity to the int64 asset of its own BC by username, ignoring @ and case', () => {
    const brand = account('7100000000000000001', '@NorthWind');
    expect(matchBcAccount(identity, [account('7100000000000000001', '@northwind', 'bc2'), brand])).toEqual({ kind: 'matched', account: brand, by: 'username' });
  });

  it('prefers id equality, then username, then display name', () => {
    const same = account(identity.identityId, '@other');
    expect(matchBcAccount(identity, [account('7', '@northwind'), same])).toMatchObject({ kind: 'matched', account: same, by: 'id' });
    expect(matchBcAccount({ ...identity, username: null }, [account('8', 'Northwind')])).toMatchObject({ kind: 'matched', by: 'display_name' });
    expect(matchBcAccount(identity, [account('7', '@northwind'), account('8', 'Northwind ')])).toMatchObject({ kind: 'ambiguous', by: 'username', name: 'northwind' });
  });

  it('says unmatched without a BC, without names, or without an account of that name in that BC', () => {
    expect(matchBcAccount({ ...identity, bcId: null }, [account('7', '@northwind')])).toEqual({ kind: 'unmatched' });
    expect(matchBcAccount({ ...identity, username: null, displayName: null }, [account('7', '@northwind')])).toEqual({ kind: 'unmatched' });
    expect(matchBcAccount(identity, [account('7', '@northwind.labs')])).toEqual({ kind: 'unmatched' });
  });

  it('normalizes names the way the SQL prefilter does', () => {
    expect(normalizeAccountName('  @Brand.US ')).toBe('brand.us');
    expect(normalizeAccountName('@')).toBeNull();
  });
});
