import { describe, expect, it } from 'vitest';
import { buildSupportPacket, supportPacketMarkdown, type SupportPacketInput } from './support-packet';
import type { AdSnapshot } from './types';

const snapshot: AdSnapshot = {
  connectionId: 'c1',
  ad: {
    adId: '1800000000001',
    advertiserId: '7000000000001',
    campaignId: '1700000000001',
    adgroupId: '1750000000001',
    name: 'Summer | hero',
    identityType: 'BC_AUTH_TT',
    identityId: 'tt-acc-1',
    identityAuthorizedBcId: 'bc-1',
    videoId: null,
    tiktokItemId: '7300000000000000001',
    darkPostStatus: 'ON',
    operationStatus: 'ENABLE',
    secondaryStatus: 'AD_STATUS_DELIVERY_OK',
    deleted: false,
    modifyTime: new Date('2026-11-01T10:00:00Z'),
  },
  adGroup: { adgroupId: '1750000000001', name: 'Prospecting', operationStatus: 'ENABLE', scheduleEndTime: null },
  campaign: { campaignId: '1700000000001', name: 'Q4', operationStatus: 'ENABLE' },
  advertiser: { advertiserId: '7000000000001', name: 'Acme US' },
  identity: {
    identityType: 'BC_AUTH_TT',
    identityId: 'tt-acc-1',
    identityAuthorizedBcId: 'bc-1',
    displayName: 'Acme',
    username: 'acme',
    availableStatus: 'AVAILABLE',
    canPullVideo: true,
    canPushVideo: false,
    adsOnlyMode: null,
  },
  post: {
    itemId: '7300000000000000001',
    source: 'spark_post',
    status: 'PUBLIC',
    itemType: 'VIDEO',
    caption: 'line one\nline | two',
    videoId: 'v-1',
    duetOriginalItemId: null,
    stitchOriginalItemId: null,
    isMultiDuetStitch: false,
    mentionedItemIds: [],
  },
  authorization: {
    itemId: '7300000000000000001',
    adAuthStatus: 'AUTHORIZED',
    authStartTime: new Date('2026-10-01T00:00:00Z'),
    authEndTime: new Date('2026-12-01T00:00:00Z'),
    authCodeMasked: '#ab…9z',
  },
  postOwner: { identityId: 'tt-acc-1', handle: 'acme' },
  ttAccount: { ttAccountId: 'tt-acc-1', handle: 'acme', displayName: 'Acme' },
  bcLinks: [{ bcId: 'bc-1', bcName: 'Acme BC', ttAccountId: '7100000000000000009', name: '@acme', relationStatus: 'PENDING', ttAccountRoles: ['POST'] }],
  assignedToAdAccount: true,
  preview: { checkedAt: new Date('2026-11-20T08:00:00Z'), previewUrl: null, reason: 'no preview for this placement' },
};

const input: SupportPacketInput = {
  organization: 'Acme',
  snapshot,
  health: {
    status: 'blocking',
    rootCauseCode: 'BC_LINK_PENDING',
    findings: [
      { code: 'BC_LINK_PENDING', pillar: 'business_center', severity: 'blocking', subject: 'tt_account:tt-acc-1', evidence: { handle: 'acme', relationStatus: 'PENDING', bcName: 'Acme BC' } },
    ],
    evaluatedAt: new Date('2026-11-24T12:00:00Z'),
  },
  generatedAt: new Date('2026-11-24T12:30:00Z'),
};

describe('support packet', () => {
  it('holds the IDs, BC assets and permissions, ad-level identity, Spark post entry and findings', () => {
    const packet = buildSupportPacket(input);
    expect(packet.adAccount).toEqual({ advertiserId: '7000000000001', name: 'Acme US' });
    expect(packet.ad).toMatchObject({ adId: '1800000000001', campaignId: '1700000000001', adgroupId: '1750000000001', secondaryStatus: 'AD_STATUS_DELIVERY_OK' });
    expect(packet.creative).toEqual({ tiktokItemId: '7300000000000000001', videoId: null, postVideoId: 'v-1' });
    expect(packet.identity).toMatchObject({ identityType: 'BC_AUTH_TT', identityId: 'tt-acc-1', identityAuthorizedBcId: 'bc-1', visibility: 'Show through ads only', listedOnAdAccount: true });
    expect(packet.businessCenter).toEqual({
      tiktokAccount: { ttAccountId: 'tt-acc-1', handle: 'acme' },
      assignedToAdAccount: true,
      links: [{ bcId: 'bc-1', bcName: 'Acme BC', relationStatus: 'PENDING', permissions: ['POST'] }],
    });
    expect(packet.sparkPost.authorization).toEqual({ adAuthStatus: 'AUTHORIZED', authStartTime: '2026-10-01T00:00:00.000Z', authEndTime: '2026-12-01T00:00:00.000Z', authCodeMasked: '#ab…9z' });
    expect(packet.health.findings).toEqual([expect.objectContaining({ code: 'BC_LINK_PENDING', title: "@acme's link to Business Center is pending" })]);
    // A round trip through JSON keeps everything (what the download serves).
    expect(JSON.parse(JSON.stringify(packet))).toEqual(packet);
  });

  it('says when the identity is not listed on the ad account and when there is no authorization', () => {
    const packet = buildSupportPacket({ ...input, snapshot: { ...snapshot, identity: null, authorization: null, preview: null } });
    expect(packet.identity.listedOnAdAccount).toBe(false);
    expect(packet.sparkPost.authorization).toBeNull();
    const markdown = supportPacketMarkdown(packet);
    expect(markdown).toContain('| Listed as an identity of the ad account | no |');
    expect(markdown).toContain('Sparkcheck has not asked TikTok for a preview of this ad.');
  });

  it('renders Markdown tables a ticket can show: every ID, escaped pipes, one line per cell', () => {
    const markdown = supportPacketMarkdown(buildSupportPacket(input));
    for (const id of ['7000000000001', '1800000000001', '1700000000001', '1750000000001', '7300000000000000001', 'tt-acc-1', 'bc-1']) expect(markdown).toContain(id);
    expect(markdown).toContain('| Ad name | Summer \\| hero |');
    expect(markdown).toContain('| Caption | line one line \\| two |');
    expect(markdown).toContain('| bc-1 | Acme BC | pending (QR code not scanned) (PENDING) | POST |');
    expect(markdown).toContain('| Spark code (masked) | #ab…9z |');
    expect(markdown).toContain('Status: **blocking**, root cause `BC_LINK_PENDING`');
    // Every table row has as many cells as its header.
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| '))) {
      const cells = line.replace(/\\\|/g, '').split('|').length;
      expect([4, 6, 7], line).toContain(cells);
    }
  });

  it('escapes HTML that came from TikTok and keeps only an https preview link', () => {
    const hostile = {
      ...input,
      snapshot: {
        ...snapshot,
        ad: { ...snapshot.ad, name: '<img src=x onerror=alert(1)>' },
        post: snapshot.post && { ...snapshot.post, caption: '<script>alert("x")</script> & more' },
        preview: { checkedAt: new Date('2026-11-20T08:00:00Z'), previewUrl: 'javascript:alert(1)', reason: null },
      },
    } as SupportPacketInput;
    const packet = buildSupportPacket(hostile);
    expect(packet.preview?.previewUrl).toBeNull();
    const markdown = supportPacketMarkdown(packet);
    expect(markdown).not.toMatch(/<img|<script|javascript:/);
    expect(markdown).toContain('| Ad name | &lt;img src=x onerror=alert(1)&gt; |');
    expect(markdown).toContain('&lt;script&gt;alert("x")&lt;/script&gt; &amp; more');
  });
});
