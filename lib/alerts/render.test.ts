import { describe, expect, it } from 'vitest';
import type { BlockingGroup, Digest, ExpiringPost } from './digest';
import { blockingMessage, digestMessage, testMessage } from './render';
import { renewalRequest } from './renewal';

const now = new Date('2026-03-02T09:00:00Z');

function post(i: number, caption = `Post ${i}`): ExpiringPost {
  const base = {
    itemId: `7000${i}`,
    handle: `creator${i}`,
    caption,
    postUrl: `https://www.tiktok.com/@creator${i}/video/7000${i}`,
    endsAt: new Date(now.getTime() + (i + 1) * 86_400_000),
    daysLeft: i + 1,
  };
  return {
    ...base,
    adAccounts: [{ advertiserId: `adv${i}`, advertiserName: `Account ${i}`, endsAt: base.endsAt }],
    ads: [{ adId: `ad${i}`, adName: `Ad ${i}`, advertiserId: `adv${i}`, advertiserName: `Account ${i}`, running: true }],
    renewalRequest: renewalRequest(base, 'Brand & Co'),
  };
}

function group(i: number): BlockingGroup {
  return {
    code: `CODE_${i}`,
    headline: `1 ad blocked — cause ${i}`,
    title: `cause ${i}`,
    fixSteps: ['Open Business Center', 'Fix it'],
    whoFixes: ['BC admin'],
    ads: [{ adId: `b${i}`, adName: `Blocked ${i}`, advertiserId: 'adv', advertiserName: 'Account', running: true, blockingSince: now }],
  };
}

const digest = (expiring: ExpiringPost[], blocking: BlockingGroup[], { firstDigest = false, timeZone = 'UTC' } = {}): Digest => ({
  org: { name: 'Brand & Co', slug: 'brand', timeZone },
  generatedAt: now,
  windowDays: 14,
  blockingSince: new Date(now.getTime() - 86_400_000),
  firstDigest,
  expiring,
  blocking,
});

describe('alert rendering', () => {
  it('keeps Slack within its limits (50 blocks, 3,000 characters a section) and points to the rest', () => {
    const message = digestMessage(
      digest(
        Array.from({ length: 30 }, (_, i) => post(i, 'x'.repeat(5_000))),
        Array.from({ length: 20 }, (_, i) => group(i)),
      ),
    );
    const blocks = message.slack.blocks as { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const block of blocks) expect((block.text?.text ?? '').length).toBeLessThanOrEqual(3_000);
    const contexts = blocks.flatMap((b) => b.elements?.map((e) => e.text) ?? []);
    expect(contexts).toContain('And 20 more posts — see the e-mail digest or Sparkcheck.');
    expect(contexts).toContain('And 12 more root causes — see Sparkcheck.');
    expect(testMessage(message).slack.blocks.length).toBeLessThanOrEqual(50);
    // The e-mail has every post.
    expect(message.text.match(/^• @creator\d+ — ends/gm)).toHaveLength(30);
  });

  it('escapes captions and names in HTML and Slack', () => {
    const message = digestMessage(digest([post(1, '<script>alert(1)</script> & more')], []));
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(JSON.stringify(message.slack.blocks)).toContain('&lt;script&gt;');
    expect(message.html).toContain('Brand &amp; Co');
  });

  it('says so when nothing expires and nothing broke', () => {
    const message = digestMessage(digest([], []));
    expect(message.subject).toBe('Sparkcheck digest for Brand & Co: 0 authorizations expiring, 0 ads newly blocking');
    expect(message.text).toContain('Nothing expires within 14 days.');
    expect(message.text).toContain('No ad turned blocking.');
    expect(message.text).not.toContain('RENEWAL REQUESTS');
  });

  it('does not call every blocking ad "newly blocking" on the first digest: it says "blocking now" and states the baseline', () => {
    const first = digestMessage(digest([], [group(1), group(2)], { firstDigest: true }));
    expect(first.subject).toBe('Sparkcheck digest for Brand & Co: 0 authorizations expiring, 2 ads blocking now');
    expect(first.text).toContain('ADS BLOCKING NOW (2)');
    expect(first.text).toContain('This is the first digest, so it lists every ad that is blocking now. From the next digest on, it lists only the ads that turned blocking since the previous one.');
    expect(first.text).not.toMatch(/newly blocking|turned blocking since \d/i);
    expect(first.html).toContain('Ads blocking now (2)');
    expect(JSON.stringify(first.slack.blocks)).toContain('*Ads blocking now (2)*');
    expect(digestMessage(digest([], [], { firstDigest: true })).text).toContain('No ad is blocking.');

    const later = digestMessage(digest([], [group(1)]));
    expect(later.subject).toContain('1 ad newly blocking');
    expect(later.text).toContain('ADS THAT TURNED BLOCKING SINCE 1 MAR 2026, 09:00 UTC (1)');
  });

  it('drafts no renewal request for an authorization no ad uses, and says so', () => {
    const unused = { ...post(2), ads: [], renewalRequest: null };
    const message = digestMessage(digest([post(1), unused], []));
    expect(message.text).toContain('----- To @creator1 (post 70001) -----\nHi @creator1,');
    expect(message.text).toContain('----- To @creator2 (post 70002) -----\nNo ad uses this authorization, so nothing stops when it ends — no renewal request is drafted.');
    expect(message.html).toContain('No ad uses this authorization');
    expect(JSON.stringify(message.slack.blocks)).toContain('No ad uses this authorization');
    expect(message.text).toContain('Ads affected: 0: none');
  });

  it('writes every date in the organization’s timezone and names it', () => {
    // 2 Mar 2026 09:00 UTC is 18:00 in Tokyo; the first post ends 4 Mar 09:00 UTC.
    const message = digestMessage(digest([post(1)], [group(1)], { timeZone: 'Asia/Tokyo' }));
    expect(message.text).toContain('2 Mar 2026 · authorizations ending within 14 days · ads that turned blocking since 1 Mar 2026, 18:00 (Asia/Tokyo)');
    expect(message.text).toContain('• @creator1 — ends 4 Mar 2026 (in 2 days)');
    const late = new Date('2026-03-02T20:30:00Z');
    expect(blockingMessage({ org: { name: 'Brand', timeZone: 'Europe/Berlin' }, groups: [group(1)], now: late }).text).toContain('Detected 2 Mar 2026, 21:30 (Europe/Berlin)');
    expect(blockingMessage({ org: { name: 'Brand' }, groups: [group(1)], now: late }).text).toContain('Detected 2 Mar 2026, 20:30 UTC');
    expect(renewalRequest({ ...post(1), endsAt: new Date('2026-03-31T23:30:00Z') }, 'Brand', 'Asia/Tokyo')).toContain('ends on 1 April 2026');
  });

  it('words the immediate alert by the number of ads and keeps each fix', () => {
    const message = blockingMessage({ org: { name: 'Brand & Co' }, groups: [group(1), group(2)], now });
    expect(message.subject).toBe('Sparkcheck: 2 Spark ads of Brand & Co stopped delivering');
    expect(message.text).toContain('1. Open Business Center');
    expect(message.text).toContain('Who fixes it: BC admin');
  });
});
