import { describe, expect, it } from 'vitest';
import { CATALOGUE, describeFinding, describeRootCauseGroup, RULE_CODES } from './catalogue';
import type { StoredFinding } from './types';

const finding = (code: string, evidence: StoredFinding['evidence'], subject: string | null = 'tt_account:1'): StoredFinding => ({
  code,
  pillar: 'business_center',
  severity: 'blocking',
  subject,
  evidence,
});

describe('rule catalogue', () => {
  it.each(RULE_CODES)('%s reads as plain words even without evidence', (code) => {
    const described = describeFinding(finding(code, {}));
    for (const words of [described.title, described.explanation, ...described.fixSteps]) expect(words).not.toMatch(/undefined|null|NaN|\[object/);
    expect(described.title.length).toBeGreaterThan(10);
    if (CATALOGUE[code].note !== true) {
      expect(described.fixSteps.length).toBeGreaterThan(0);
      expect(described.whoFixes.length).toBeGreaterThan(0);
    }
  });

  it('titles use the evidence', () => {
    expect(describeFinding(finding('BC_LINK_PENDING', { handle: 'brand', bcName: 'Northwind Goods' })).title).toBe("@brand's link to Business Center is pending");
    expect(describeFinding(finding('AUTH_EXPIRED', { handle: 'mia', authEndTime: '2026-05-31T10:00:00.000Z' })).title).toBe("@mia's Spark authorization expired on 31 May 2026");
  });

  it('words follow the facts: a reason TikTok gave, a sentence that starts with a phrase, an unknown handle', () => {
    expect(describeFinding(finding('IDENTITY_UNAVAILABLE', { handle: 'nora', availableStatus: 'AVAILABLE', canPullVideo: false })).title).toBe(
      "@nora cannot be used as the ad's identity (cannot pull posts)",
    );
    expect(describeFinding(finding('IDENTITY_UNAVAILABLE', { handle: 'rio', availableStatus: 'IS_PRIVATE_ACCOUNT' })).fixSteps[0]).toContain('turn off Private account');
    expect(describeFinding(finding('BC_LINK_PENDING', { handle: 'brand', bcName: 'Northwind Goods' })).explanation).toMatch(/^The Business Center “Northwind Goods” asked/);
    expect(describeFinding(finding('BC_ACCOUNT_NOT_LINKED', { handle: null, ttAccountId: 'tt-9' })).title).toBe('The TikTok account is not linked to any connected Business Center');
    expect(describeFinding(finding('BC_ACCOUNT_NOT_LINKED', { handle: null, displayName: 'Northwind Studio', ttAccountId: 'tt-9' })).title).toBe(
      'The TikTok account “Northwind Studio” is not linked to any connected Business Center',
    );
    expect(describeFinding(finding('BC_ACCOUNT_NOT_LINKED', { handle: '@northwind', ttAccountId: 'tt-9' })).title).toBe('@northwind is not linked to any connected Business Center');
  });

  // An account whose name TikTok did not send is named by the handle the ad or identity shows, never by its raw id.
  const uuid = '5d0f6c3e-8a7b-4c1e-9f2d-2b6a1e0c9d44';
  it.each(RULE_CODES)('%s never names an account by its raw id', (code) => {
    const evidences: StoredFinding['evidence'][] = [
      { handle: null, ttAccountId: uuid, identityId: uuid, assetId: uuid },
      { handle: null, displayName: 'Mia Creates', ttAccountId: uuid, identityId: uuid },
      { handle: 'mia.creates', identityHandle: 'mia.creates', postHandle: 'mia', ttAccountId: uuid, identityId: uuid },
    ];
    for (const evidence of evidences) {
      const described = describeFinding(finding(code, evidence, `tt_account:${uuid}`));
      for (const words of [described.title, described.explanation, ...described.fixSteps]) expect(words).not.toContain(uuid);
      if ('displayName' in evidence && ['BC_ACCOUNT_NOT_LINKED', 'BC_LINK_PENDING'].includes(code)) expect(described.title).toContain('Mia Creates');
    }
  });

  it('a root-cause group is one sentence and one fix for many ads', () => {
    const group = describeRootCauseGroup(finding('BC_LINK_PENDING', { handle: 'brand' }), 14);
    expect(group.headline).toBe("14 ads blocked — @brand's link to Business Center is pending");
    expect(group.fixSteps.join(' ')).toContain('@brand');
    // Without a subject each ad is fixed on its own: the group is named by the rule, not by one ad's names.
    const perAd = describeRootCauseGroup(finding('IDENTITY_WRONG_HANDLE', { identityHandle: 'mia', postHandle: 'jonas' }, null), 1);
    expect(perAd.headline).toBe('1 ad blocked — Identity is not the post’s owner');
    expect(perAd.fixSteps.join(' ')).not.toContain('@jonas');
  });

  it('an unknown code is shown by its code', () => {
    expect(describeFinding(finding('RETIRED_RULE', {}))).toMatchObject({ title: 'RETIRED_RULE', fixSteps: [] });
  });
});
