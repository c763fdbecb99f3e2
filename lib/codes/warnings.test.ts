import { describe, expect, it } from 'vitest';
import type { CodePreviewFacts } from '@/db/schema';
import { codeBatchCsv } from './csv';
import { explainFailure, isAlreadyAppliedAnswer, mayHaveApplied } from './outcomes';
import type { CodeBatchView } from './queries';
import { daysLeft, preflightWarnings, type WarningInput } from './warnings';

const now = new Date('2026-03-02T09:00:00Z');
const facts = (over: Partial<CodePreviewFacts> = {}): CodePreviewFacts => ({
  itemId: '7000000000000000001',
  handle: 'mia.makes',
  caption: 'hello',
  thumbnailUrl: null,
  postStatus: 'HESITATE_RECOMMEND',
  authStatus: 'NOT_AUTHORIZED',
  authStart: '2026-03-01T09:00:00Z',
  authEnd: '2026-05-01T09:00:00Z',
  ...over,
});
const input = (over: Partial<WarningInput> = {}): WarningInput => ({ facts: facts(), refusal: null, alreadyApplied: false, windowDays: 14, latestAdGroup: null, now, ...over });
const kinds = (over: Partial<WarningInput> = {}) => preflightWarnings(input(over)).map((w) => w.kind);

describe('preflightWarnings', () => {
  it('only notes the locked caption for a healthy code with a long window', () => {
    expect(kinds()).toEqual(['caption_locked']);
  });

  it('warns when the window ends within the org window or before the last ad group ends', () => {
    const soon = facts({ authEnd: '2026-03-10T09:00:00Z' });
    expect(kinds({ facts: soon })).toContain('expires_within_window');
    expect(preflightWarnings(input({ facts: soon })).find((w) => w.kind === 'expires_within_window')?.text).toMatch(/8 days left/);
    expect(kinds({ facts: soon, windowDays: 7 })).not.toContain('expires_within_window');
    const group = { name: 'Spring sale', endsAt: new Date('2026-06-01T00:00:00Z') };
    expect(preflightWarnings(input({ latestAdGroup: group })).find((w) => w.kind === 'ends_before_ad_group')?.text).toMatch(/“Spring sale” ends \(1 Jun 2026\)/);
    expect(kinds({ latestAdGroup: { ...group, endsAt: new Date('2026-04-01T00:00:00Z') } })).not.toContain('ends_before_ad_group');
  });

  it('blocks expired codes, deleted posts and refused codes; flags private posts and codes already applied', () => {
    expect(kinds({ facts: facts({ authStatus: 'EXPIRED', authEnd: '2026-02-01T00:00:00Z' }) })).toEqual(['expired', 'caption_locked']);
    expect(kinds({ facts: facts({ postStatus: 'USER_DELETE' }) })).toEqual(['post_deleted']);
    expect(kinds({ facts: facts({ postStatus: 'ONLY_FRIEND_SEE' }) })).toContain('private_will_become_public');
    expect(kinds({ alreadyApplied: true })).toContain('already_applied');
    expect(kinds({ facts: null, refusal: { code: 40002, message: 'video_deleted: gone' } })).toEqual(['post_deleted']);
    expect(kinds({ facts: null, refusal: { code: 40002, message: 'story_video_not_supported: no' } })).toEqual(['unsupported_format']);
    expect(kinds({ facts: null, refusal: { code: 40002, message: 'auth_code_format_error: bad' } })).toEqual(['invalid_code']);
    expect(kinds({ facts: null, refusal: { code: 40007, message: 'auth_code_not_found: gone' } })).toEqual(['invalid_code']);
  });

  it('counts days left rounding up, never below zero', () => {
    expect(daysLeft(new Date('2026-03-02T09:00:01Z'), now)).toBe(1);
    expect(daysLeft(new Date('2026-03-01T09:00:00Z'), now)).toBe(0);
  });
});

describe('outcomes', () => {
  it('explains TikTok refusals in plain words with what to ask the creator for', () => {
    expect(explainFailure(40002, 'auth_code_expired: The auth_code has expired.')).toMatchObject({ askCreator: expect.stringMatching(/new code/) as unknown, retryable: false });
    expect(explainFailure(50000, 'System error')).toMatchObject({ askCreator: null, retryable: true });
    expect(explainFailure(null, 'no complete response within 300 ms').retryable).toBe(true);
    expect(explainFailure(40001, 'advertiser does not grant you /tt_video/authorize/:POST permission').reason).toMatch(/reconnect/);
    expect(explainFailure(40133, 'QPS limit').retryable).toBe(true);
  });

  it('knows which answers mean already applied and which leave it uncertain', () => {
    expect(isAlreadyAppliedAnswer('auth_code_already_used: This post is already authorized')).toBe(true);
    expect(isAlreadyAppliedAnswer('auth_code_expired: …')).toBe(false);
    expect([null, 50000, 60001, 51003].map(mayHaveApplied)).toEqual([true, true, true, true]);
    expect([40100, 40002, 40001].map(mayHaveApplied)).toEqual([false, false, false]);
  });
});

describe('codeBatchCsv', () => {
  it('writes one masked row per item, quoted where needed and never as a formula', () => {
    const batch = {
      items: [
        {
          codeMasked: '#AbC…x9=',
          advertiserId: '1',
          advertiserName: 'Northwind, EU',
          state: 'failed',
          preview: null,
          tiktokCode: 40002,
          tiktokMessage: '=HYPERLINK("x")',
          reason: 'Expired',
          askCreator: null,
        },
        {
          codeMasked: '#DeF…y0=',
          advertiserId: '1',
          advertiserName: null,
          state: 'applied',
          preview: facts({ handle: '@mia' }),
          tiktokCode: null,
          tiktokMessage: null,
          reason: null,
          askCreator: null,
        },
      ],
    } as unknown as CodeBatchView;
    const lines = codeBatchCsv(batch).trimEnd().split('\r\n');
    expect(lines[0]).toBe('code,ad_account_id,ad_account,outcome,creator,post_id,authorization_ends (UTC),tiktok_code,tiktok_message,reason,ask_creator_for');
    expect(lines[1]).toBe(`#AbC…x9=,1,"Northwind, EU",failed,,,,40002,"'=HYPERLINK(""x"")",Expired,`);
    expect(lines[2]).toBe("#DeF…y0=,1,,applied,'@mia,7000000000000000001,2026-05-01 09:00,,,,");
  });
});
