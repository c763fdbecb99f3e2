import { describe, expect, it } from 'vitest';
import { diffPermissions, grantsOf } from './permissions';

const role = (memberKey: string, assetId: string, grants: { advertiserRole?: string; ttAccountRoles?: string[] }) => ({
  memberKey,
  assetType: grants.advertiserRole ? 'ADVERTISER' : 'TT_ACCOUNT',
  assetId,
  assetName: `asset ${assetId}`,
  advertiserRole: grants.advertiserRole ?? null,
  ttAccountRoles: grants.ttAccountRoles ?? null,
});

const members = new Map([
  ['u1', { name: 'Ann', email: 'ann@example.com' }],
  ['u2', { name: 'Ben', email: null }],
]);

describe('diffPermissions', () => {
  it('names what each member gained, lost or changed, and nothing else', () => {
    const before = [role('u1', 'tt1', { ttAccountRoles: ['POST'] }), role('u1', 'adv1', { advertiserRole: 'ADMIN' }), role('u2', 'tt1', { ttAccountRoles: ['LIVE'] })];
    const after = [role('u1', 'tt1', { ttAccountRoles: ['POST'] }), role('u1', 'adv1', { advertiserRole: 'ANALYST' }), role('u2', 'tt2', { ttAccountRoles: ['POST', 'LIVE'] })];
    expect(diffPermissions(before, after, members)).toEqual([
      {
        memberKey: 'u1',
        memberName: 'Ann',
        memberEmail: 'ann@example.com',
        assetType: 'ADVERTISER',
        assetId: 'adv1',
        assetName: 'asset adv1',
        change: 'changed',
        before: ['ADMIN'],
        after: ['ANALYST'],
      },
      { memberKey: 'u2', memberName: 'Ben', memberEmail: null, assetType: 'TT_ACCOUNT', assetId: 'tt1', assetName: 'asset tt1', change: 'lost', before: ['LIVE'], after: [] },
      { memberKey: 'u2', memberName: 'Ben', memberEmail: null, assetType: 'TT_ACCOUNT', assetId: 'tt2', assetName: 'asset tt2', change: 'gained', before: [], after: ['LIVE', 'POST'] },
    ]);
  });

  it('ignores the order TikTok lists permissions in, and empty grants on either side', () => {
    const before = [role('u1', 'tt1', { ttAccountRoles: ['POST', 'LIVE'] }), role('u1', 'tt2', { ttAccountRoles: [] })];
    const after = [role('u1', 'tt1', { ttAccountRoles: ['LIVE', 'POST'] })];
    expect(diffPermissions(before, after, members)).toEqual([]);
  });

  it('reads an unknown member as having no name', () => {
    expect(diffPermissions([], [role('gone', 'tt1', { ttAccountRoles: ['POST'] })], members)[0]).toMatchObject({ memberName: null, memberEmail: null, change: 'gained' });
  });
});

describe('grantsOf', () => {
  it('is the ad-account role as a list, or the sorted TikTok-account permissions', () => {
    expect(grantsOf(role('u', 'a', { advertiserRole: 'OPERATOR' }))).toEqual(['OPERATOR']);
    expect(grantsOf(role('u', 't', { ttAccountRoles: ['POST', 'DIRECT_MESSAGE'] }))).toEqual(['DIRECT_MESSAGE', 'POST']);
    expect(grantsOf(undefined)).toEqual([]);
  });
});
