import { describeFinding } from './catalogue';
import { normalizePostStatus } from './post-rules';
import { adAuthStatusWords, availableStatusWords, bcLinkStatusWords, identityTypeWords, postStatusWords } from '@/lib/tiktok-words';
import { httpsUrlOrNull } from '@/lib/safe-url';
import { formatDateTime } from '@/lib/dates';
import type { AdHealthStatus, AdSnapshot, StoredFinding } from './types';

// The "still not working" path: the facts about one ad that TikTok support asks for as screenshots
// (ad account, ad, creative and post IDs, the Business Center's ad-delivery assets and permissions,
// the identity at the ad level, the Spark post entry) plus what Sparkcheck concluded, as JSON and as
// Markdown to paste into a ticket. Built from the stored snapshot only: it never holds an access
// token, and the Spark code is the masked form the sync keeps (tt_spark_posts has no full code).

export type SupportPacketInput = {
  organization: string;
  snapshot: AdSnapshot;
  health: { status: AdHealthStatus; rootCauseCode: string | null; findings: StoredFinding[]; evaluatedAt: Date };
  generatedAt: Date;
  /** The organization's timezone: the Markdown writes every moment in it (the JSON keeps ISO 8601 UTC). */
  timeZone?: string;
};

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** TikTok's `dark_post_status`: ON = "Show through ads only". */
function visibility(darkPostStatus: string | null): string | null {
  if (darkPostStatus === 'ON') return 'Show through ads only';
  if (darkPostStatus === 'OFF') return 'Show on TikTok profile and in ads';
  return darkPostStatus;
}

export function buildSupportPacket({ organization, snapshot, health, generatedAt, timeZone = 'UTC' }: SupportPacketInput) {
  const { ad, identity, post, authorization } = snapshot;
  return {
    kind: 'sparkcheck.support-packet' as const,
    version: 1 as const,
    generatedAt: generatedAt.toISOString(),
    timeZone,
    organization,
    adAccount: { advertiserId: ad.advertiserId, name: snapshot.advertiser?.name ?? null },
    ad: {
      adId: ad.adId,
      name: ad.name,
      campaignId: ad.campaignId,
      campaignName: snapshot.campaign?.name ?? null,
      adgroupId: ad.adgroupId,
      adgroupName: snapshot.adGroup?.name ?? null,
      adgroupScheduleEndTime: iso(snapshot.adGroup?.scheduleEndTime),
      operationStatus: ad.operationStatus,
      secondaryStatus: ad.secondaryStatus,
      deletedOnTikTok: ad.deleted,
      lastModified: iso(ad.modifyTime),
    },
    creative: { tiktokItemId: ad.tiktokItemId, videoId: ad.videoId, postVideoId: post?.videoId ?? null },
    identity: {
      identityType: ad.identityType,
      identityId: ad.identityId,
      identityAuthorizedBcId: ad.identityAuthorizedBcId,
      visibility: visibility(ad.darkPostStatus),
      listedOnAdAccount: ad.identityId === null ? null : identity !== null,
      displayName: identity?.displayName ?? null,
      username: identity?.username ?? null,
      availableStatus: identity?.availableStatus ?? null,
      canPullVideo: identity?.canPullVideo ?? null,
      canPushVideo: identity?.canPushVideo ?? null,
      adsOnlyMode: identity?.adsOnlyMode ?? null,
    },
    businessCenter: {
      tiktokAccount: snapshot.ttAccount ? { ttAccountId: snapshot.ttAccount.ttAccountId, handle: snapshot.ttAccount.handle } : null,
      assignedToAdAccount: snapshot.assignedToAdAccount,
      links: snapshot.bcLinks.map((link) => ({ bcId: link.bcId, bcName: link.bcName, relationStatus: link.relationStatus, permissions: link.ttAccountRoles })),
    },
    sparkPost: {
      itemId: post?.itemId ?? ad.tiktokItemId,
      source: post?.source ?? null,
      ownerHandle: snapshot.postOwner?.handle ?? null,
      ownerIdentityId: snapshot.postOwner?.identityId ?? null,
      status: post?.status ?? null,
      itemType: post?.itemType ?? null,
      caption: post?.caption ?? null,
      authorization: authorization
        ? {
            adAuthStatus: authorization.adAuthStatus,
            authStartTime: iso(authorization.authStartTime),
            authEndTime: iso(authorization.authEndTime),
            authCodeMasked: authorization.authCodeMasked,
          }
        : null,
    },
    preview: snapshot.preview ? { checkedAt: iso(snapshot.preview.checkedAt), previewUrl: httpsUrlOrNull(snapshot.preview.previewUrl), reason: snapshot.preview.reason } : null,
    health: {
      status: health.status,
      rootCause: health.rootCauseCode,
      evaluatedAt: health.evaluatedAt.toISOString(),
      findings: health.findings.map((f) => ({ code: f.code, pillar: f.pillar, severity: f.severity, title: describeFinding(f).title, evidence: f.evidence })),
    },
  };
}

export type SupportPacket = ReturnType<typeof buildSupportPacket>;

type Cell = string | number | boolean | null | string[];

/** A Markdown table cell: pipes and line breaks would break the table. */
function cell(value: Cell): string {
  if (value === null || value === '') return '—';
  const text = Array.isArray(value) ? (value.length ? value.join(', ') : 'none') : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  // TikTok's text (names, captions, handles) must not become HTML where the Markdown is rendered.
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** TikTok's value in words with the raw value after it, as support and Ads Manager quote it: “private account (IS_PRIVATE_ACCOUNT)”. */
function coded(words: (raw: string | null) => string | null, raw: string | null): string | null {
  const said = words(raw);
  return raw === null || said === raw ? raw : `${said} (${raw})`;
}

function table(rows: [string, Cell][]): string[] {
  return ['| field | value |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`), ''];
}

/** The packet as Markdown for a support ticket: the same facts, one table per section. */
export function supportPacketMarkdown(packet: SupportPacket): string {
  const { ad, identity, businessCenter: bc, sparkPost, preview, health } = packet;
  const when = (iso: string | null): string | null => (iso === null ? null : formatDateTime(iso, packet.timeZone));
  const lines = [
    `# Spark ad support packet — ad ${cell(ad.adId)}`,
    '',
    `Generated ${when(packet.generatedAt)} by Sparkcheck for ${cell(packet.organization)} from the last sync of TikTok Business Center and Marketing API data.`,
    '',
    '## Ad account and ad',
    '',
    ...table([
      ['Ad account ID (advertiser_id)', packet.adAccount.advertiserId],
      ['Ad account name', packet.adAccount.name],
      ['Ad ID', ad.adId],
      ['Ad name', ad.name],
      ['Campaign ID', ad.campaignId],
      ['Campaign name', ad.campaignName],
      ['Ad group ID', ad.adgroupId],
      ['Ad group name', ad.adgroupName],
      ['Ad group scheduled end', when(ad.adgroupScheduleEndTime)],
      ['Operation status', ad.operationStatus],
      ['Secondary status', ad.secondaryStatus],
      ['Deleted on TikTok', ad.deletedOnTikTok],
      ['Last modified', when(ad.lastModified)],
    ]),
    '## Creative',
    '',
    ...table([
      ['TikTok post ID (tiktok_item_id)', packet.creative.tiktokItemId],
      ['Video ID on the ad (video_id)', packet.creative.videoId],
      ['Video ID of the post', packet.creative.postVideoId],
    ]),
    '## Identity at the ad level',
    '',
    ...table([
      ['identity_type', coded(identityTypeWords, identity.identityType)],
      ['identity_id', identity.identityId],
      ['identity_authorized_bc_id', identity.identityAuthorizedBcId],
      ['Visibility (dark_post_status)', identity.visibility],
      ['Listed as an identity of the ad account', identity.listedOnAdAccount],
      ['Display name', identity.displayName],
      ['Username', identity.username],
      ['available_status', coded(availableStatusWords, identity.availableStatus)],
      ['can_pull_video', identity.canPullVideo],
      ['can_push_video', identity.canPushVideo],
      ['ads_only_mode', identity.adsOnlyMode],
    ]),
    '## Business Center ad-delivery assets and permissions',
    '',
    ...table([
      ['TikTok account ID', bc.tiktokAccount?.ttAccountId ?? null],
      ['TikTok account handle', bc.tiktokAccount?.handle ?? null],
      ['Assigned to this ad account', bc.assignedToAdAccount],
    ]),
    ...(bc.links.length === 0
      ? ['No link of this TikTok account into a connected Business Center (or the ad does not post through one).', '']
      : [
          '| Business Center ID | name | link status | permissions the BC holds |',
          '|---|---|---|---|',
          ...bc.links.map((l) => `| ${cell(l.bcId)} | ${cell(l.bcName)} | ${cell(coded(bcLinkStatusWords, l.relationStatus))} | ${cell(l.permissions)} |`),
          '',
        ]),
    '## Spark post entry',
    '',
    ...table([
      ['Post ID (item_id)', sparkPost.itemId],
      ['Read from', sparkPost.source === 'spark_post' ? 'tt_video/list (Spark Ads posts)' : sparkPost.source === 'identity_post' ? 'identity/video/info (identity posts)' : null],
      ['Owner handle', sparkPost.ownerHandle],
      ['Owner identity ID', sparkPost.ownerIdentityId],
      ['Post status', coded((raw) => postStatusWords(normalizePostStatus(raw)), sparkPost.status)],
      ['Item type', sparkPost.itemType],
      ['Caption', sparkPost.caption],
      ['Ad authorization status', coded(adAuthStatusWords, sparkPost.authorization?.adAuthStatus ?? null)],
      ['Authorization start', when(sparkPost.authorization?.authStartTime ?? null)],
      ['Authorization end', when(sparkPost.authorization?.authEndTime ?? null)],
      ['Spark code (masked)', sparkPost.authorization?.authCodeMasked ?? null],
    ]),
    '## Preview',
    '',
    ...(preview
      ? table([
          ['Checked', when(preview.checkedAt)],
          ['Preview link', preview.previewUrl],
          ['Why there is none', preview.reason],
        ])
      : ['Sparkcheck has not asked TikTok for a preview of this ad.', '']),
    '## What Sparkcheck found',
    '',
    `Status: **${health.status}**${health.rootCause ? `, root cause \`${health.rootCause}\`` : ''} (evaluated ${when(health.evaluatedAt)}).`,
    '',
    ...(health.findings.length === 0
      ? ['No findings.']
      : [
          '| code | pillar | severity | finding | evidence |',
          '|---|---|---|---|---|',
          ...health.findings.map(
            (f) => `| ${f.code} | ${f.pillar} | ${f.severity} | ${cell(f.title)} | ${cell(Object.entries(f.evidence).map(([k, v]) => `${k}=${v === null ? 'null' : String(v)}`))} |`,
          ),
        ]),
    '',
  ];
  return lines.join('\n');
}
