import { describe, expect, it } from 'vitest';
import { describeFinding } from './health/catalogue';
import { noSparkCodeNeeded } from './tiktok-words';

describe('why an ad needs no Spark code', () => {
  it('never says a Custom Identity ad posts as an account the brand controls', () => {
    const custom = noSparkCodeNeeded('CUSTOMIZED_USER');
    expect(custom).toContain('Custom Identity');
    expect(custom).not.toMatch(/account the brand (controls|owns)/);
    const finding = describeFinding({ code: 'IDENTITY_CUSTOM', pillar: 'identity', severity: 'info', subject: null, evidence: { spark: false, identityId: '7', displayName: 'Acme' } });
    for (const words of [finding.title, finding.explanation, ...finding.fixSteps]) expect(words).not.toMatch(/brand controls/);
  });

  it('says how the other identities post', () => {
    expect(noSparkCodeNeeded('TT_USER')).toBe('the ad posts as a TikTok account the brand owns.');
    expect(noSparkCodeNeeded('BC_AUTH_TT')).toContain('Business Center → Accounts → TikTok accounts');
    expect(noSparkCodeNeeded(null)).not.toMatch(/controls/);
  });
});
