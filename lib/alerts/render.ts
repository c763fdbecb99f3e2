import type { SlackBlock } from '@/db/schema';
import { formatDate, formatDateTime } from '@/lib/dates';
import type { BlockingGroup, Digest, DigestAd, ExpiringPost } from './digest';
import { renewalStatusLabel } from '@/lib/renewals/status';
import { daysPhrase } from './renewal';

/** One alert in every form a channel needs. */
export type AlertMessage = { subject: string; text: string; html: string; slack: { text: string; blocks: SlackBlock[] } };

// Slack allows 50 blocks and 3,000 characters per section; longer lists point to the e-mail and the app.
const SLACK_POSTS_SHOWN = 10;
const SLACK_GROUPS_SHOWN = 8;
const SLACK_SECTION_MAX = 2_900;
const ADS_NAMED = 5;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const at = (handle: string | null) => (handle ? `@${handle}` : 'Unknown creator');
const adLabel = (ad: DigestAd) => `${ad.adName ?? `Ad ${ad.adId}`}${ad.running ? '' : ' (paused)'}`;
const accountLabel = (a: { advertiserId: string; advertiserName: string | null }) => (a.advertiserName ? `${a.advertiserName} (${a.advertiserId})` : a.advertiserId);

function namedAds(ads: DigestAd[]): string {
  if (ads.length === 0) return 'none';
  const names = ads.slice(0, ADS_NAMED).map(adLabel).join(', ');
  return ads.length > ADS_NAMED ? `${names} and ${ads.length - ADS_NAMED} more` : names;
}

function adsSummary(ads: DigestAd[]): string {
  const running = ads.filter((a) => a.running).length;
  return `${ads.length}${ads.length > 0 ? ` (${running} running)` : ''}: ${namedAds(ads)}`;
}

function endsLine(post: ExpiringPost, timeZone: string): string {
  return `ends ${formatDate(post.endsAt, timeZone)} (${daysPhrase(post.daysLeft)})`;
}

/** Said instead of a renewal request when no ad uses the authorization. */
const NO_AD_USES = 'No ad uses this authorization, so nothing stops when it ends — no renewal request is drafted. Ask the creator for a new code only if you plan to run the post again.';

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Slack mrkdwn treats &, < and > as markup. */
function escapeSlack(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function clip(value: string, max = SLACK_SECTION_MAX): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text: clip(text) } });
const context = (text: string): SlackBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(text) }] });
const header = (text: string): SlackBlock => ({ type: 'header', text: { type: 'plain_text', text: clip(text, 150), emoji: false } });

// ---- plain text -------------------------------------------------------------------------------

function expiringText(digest: Digest): string[] {
  const title = `AUTHORIZATIONS EXPIRING WITHIN ${digest.windowDays} DAYS (${digest.expiring.length})`;
  if (digest.expiring.length === 0) return [title, `Nothing expires within ${plural(digest.windowDays, 'day')}.`];
  return [
    title,
    ...digest.expiring.flatMap((post) => [
      '',
      `• ${at(post.handle)} — ${endsLine(post, digest.org.timeZone)}`,
      `  Post: ${post.postUrl ?? `ID ${post.itemId}`}${post.caption ? ` “${post.caption}”` : ''}`,
      `  Ad accounts: ${post.adAccounts.map(accountLabel).join(', ')}`,
      `  Ads affected: ${adsSummary(post.ads)}`,
    ]),
  ];
}

/** The blocking section's title and note: "turned blocking since …", or on the first digest "blocking now" with the baseline. */
function blockingHeading(groups: BlockingGroup[], since: Since): { title: string; note: string | null; none: string } {
  const count = groups.reduce((n, g) => n + g.ads.length, 0);
  if (since.first) {
    return {
      title: `Ads blocking now (${count})`,
      note: 'This is the first digest, so it lists every ad that is blocking now. From the next digest on, it lists only the ads that turned blocking since the previous one.',
      none: 'No ad is blocking.',
    };
  }
  return { title: `Ads that turned blocking ${since.label} (${count})`, note: null, none: 'No ad turned blocking.' };
}

type Since = { label: string; first: boolean };

function blockingText(groups: BlockingGroup[], since: Since): string[] {
  const { title, note, none } = blockingHeading(groups, since);
  if (groups.length === 0) return [title.toUpperCase(), ...(note ? [note] : []), none];
  return [
    title.toUpperCase(),
    ...(note ? [note] : []),
    ...groups.flatMap((g) => [
      '',
      `• ${g.headline}`,
      ...(g.whoFixes.length > 0 ? [`  Who fixes it: ${g.whoFixes.join(', ')}`] : []),
      ...(g.fixSteps.length > 0 ? ['  Fix:', ...g.fixSteps.map((step, i) => `    ${i + 1}. ${step}`)] : []),
      `  Ads: ${g.ads.map((ad) => `${adLabel(ad)} — ${accountLabel(ad)}`).join('; ')}`,
    ]),
  ];
}

function renewalText(digest: Digest): string[] {
  if (digest.expiring.length === 0) return [];
  return ['RENEWAL REQUESTS — ready to send to each creator', ...digest.expiring.flatMap((post) => ['', `----- To ${at(post.handle)} (post ${post.itemId}) -----`, post.renewalRequest ?? NO_AD_USES])];
}

// ---- HTML -------------------------------------------------------------------------------------

const H2 = 'style="font-size:15px;margin:24px 0 8px;color:#0f172a"';
const P = 'style="margin:4px 0;color:#334155"';
const MUTED = 'style="margin:4px 0;color:#64748b;font-size:13px"';

function link(href: string | null, label: string): string {
  return href ? `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

function expiringHtml(digest: Digest): string {
  const title = `<h2 ${H2}>Authorizations expiring within ${digest.windowDays} days (${digest.expiring.length})</h2>`;
  if (digest.expiring.length === 0) return `${title}<p ${MUTED}>Nothing expires within ${plural(digest.windowDays, 'day')}.</p>`;
  const rows = digest.expiring
    .map(
      (post) => `<tr>
<td style="padding:8px;border-top:1px solid #e2e8f0;vertical-align:top"><strong>${escapeHtml(at(post.handle))}</strong><br><span style="color:#64748b;font-size:13px">${link(post.postUrl, post.caption ?? `Post ${post.itemId}`)}</span></td>
<td style="padding:8px;border-top:1px solid #e2e8f0;vertical-align:top;white-space:nowrap">${escapeHtml(formatDate(post.endsAt, digest.org.timeZone))}<br><strong>${escapeHtml(daysPhrase(post.daysLeft))}</strong></td>
<td style="padding:8px;border-top:1px solid #e2e8f0;vertical-align:top">${escapeHtml(post.adAccounts.map(accountLabel).join(', '))}</td>
<td style="padding:8px;border-top:1px solid #e2e8f0;vertical-align:top">${escapeHtml(adsSummary(post.ads))}</td>
</tr>`,
    )
    .join('\n');
  const th = (label: string) => `<th style="text-align:left;padding:8px;font-size:12px;color:#64748b">${label}</th>`;
  return `${title}<table style="border-collapse:collapse;width:100%;font-size:14px;color:#334155"><tr>${th('Post')}${th('Ends')}${th('Ad accounts')}${th('Ads affected')}</tr>\n${rows}</table>`;
}

function blockingHtml(groups: BlockingGroup[], since: Since): string {
  const heading = blockingHeading(groups, since);
  const title = `<h2 ${H2}>${escapeHtml(heading.title)}</h2>${heading.note ? `<p ${MUTED}>${escapeHtml(heading.note)}</p>` : ''}`;
  if (groups.length === 0) return `${title}<p ${MUTED}>${escapeHtml(heading.none)}</p>`;
  return (
    title +
    groups
      .map(
        (g) => `<div style="margin:12px 0;padding:12px;border:1px solid #fecaca;border-radius:8px;background:#fef2f2">
<p style="margin:0 0 6px;font-weight:600;color:#991b1b">${escapeHtml(g.headline)}</p>
${g.whoFixes.length > 0 ? `<p ${P}>Who fixes it: ${escapeHtml(g.whoFixes.join(', '))}</p>` : ''}
${g.fixSteps.length > 0 ? `<ol style="margin:6px 0;padding-left:20px;color:#334155">${g.fixSteps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>` : ''}
<p ${MUTED}>Ads: ${escapeHtml(g.ads.map((ad) => `${adLabel(ad)} — ${accountLabel(ad)}`).join('; '))}</p>
</div>`,
      )
      .join('\n')
  );
}

function renewalHtml(digest: Digest): string {
  if (digest.expiring.length === 0) return '';
  return `<h2 ${H2}>Renewal requests — ready to send to each creator</h2>${digest.expiring
    .map(
      (post) =>
        `<p ${P}><strong>To ${escapeHtml(at(post.handle))}</strong> (post ${escapeHtml(post.itemId)})</p>${post.renewalRequest === null ? `<p ${MUTED}>${escapeHtml(NO_AD_USES)}</p>` : `<pre style="white-space:pre-wrap;font-family:inherit;font-size:13px;background:#f8fafc;border:1px solid #e2e8f0;border-radius:8px;padding:12px;color:#334155">${escapeHtml(post.renewalRequest)}</pre>`}`,
    )
    .join('\n')}`;
}

function page(title: string, subtitle: string, body: string): string {
  return `<!doctype html><html><body style="margin:0;padding:24px;background:#f1f5f9;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif">
<div style="max-width:760px;margin:0 auto;background:#ffffff;border-radius:12px;padding:24px;border:1px solid #e2e8f0">
<h1 style="font-size:20px;margin:0;color:#0f172a">${escapeHtml(title)}</h1>
<p ${MUTED}>${escapeHtml(subtitle)}</p>
${body}
<p style="margin:24px 0 0;color:#94a3b8;font-size:12px">Sent by Sparkcheck. Admins change alerts under Settings → Alerts.</p>
</div></body></html>`;
}

// ---- Slack ------------------------------------------------------------------------------------

function expiringSlack(digest: Digest): SlackBlock[] {
  const blocks: SlackBlock[] = [section(`*Authorizations expiring within ${digest.windowDays} days (${digest.expiring.length})*`)];
  if (digest.expiring.length === 0) return [...blocks, context(`Nothing expires within ${plural(digest.windowDays, 'day')}.`)];
  for (const post of digest.expiring.slice(0, SLACK_POSTS_SHOWN)) {
    const postLink = post.postUrl ? `<${post.postUrl}|View post>` : `Post ${escapeSlack(post.itemId)}`;
    blocks.push(
      section(
        [
          `*${escapeSlack(at(post.handle))}* — ${escapeSlack(endsLine(post, digest.org.timeZone))}`,
          `${postLink}${post.caption ? ` · ${escapeSlack(post.caption)}` : ''}`,
          `Ad accounts: ${escapeSlack(post.adAccounts.map(accountLabel).join(', '))}`,
          `Ads affected: ${escapeSlack(adsSummary(post.ads))}`,
        ].join('\n'),
      ),
      post.renewalRequest === null ? context(escapeSlack(NO_AD_USES)) : section(`Renewal request to copy:\n\`\`\`${escapeSlack(post.renewalRequest)}\`\`\``),
    );
  }
  if (digest.expiring.length > SLACK_POSTS_SHOWN) blocks.push(context(`And ${digest.expiring.length - SLACK_POSTS_SHOWN} more posts — see the e-mail digest or Sparkcheck.`));
  return blocks;
}

function blockingSlack(groups: BlockingGroup[], since: Since): SlackBlock[] {
  const heading = blockingHeading(groups, since);
  const blocks: SlackBlock[] = [section(`*${escapeSlack(heading.title)}*`), ...(heading.note ? [context(escapeSlack(heading.note))] : [])];
  if (groups.length === 0) return [...blocks, context(escapeSlack(heading.none))];
  for (const g of groups.slice(0, SLACK_GROUPS_SHOWN)) {
    blocks.push(
      section(
        [
          `:red_circle: *${escapeSlack(g.headline)}*`,
          ...(g.whoFixes.length > 0 ? [`Who fixes it: ${escapeSlack(g.whoFixes.join(', '))}`] : []),
          ...g.fixSteps.map((s, i) => `${i + 1}. ${escapeSlack(s)}`),
          `Ads: ${escapeSlack(namedAds(g.ads))}`,
        ].join('\n'),
      ),
    );
  }
  if (groups.length > SLACK_GROUPS_SHOWN) blocks.push(context(`And ${groups.length - SLACK_GROUPS_SHOWN} more root causes — see Sparkcheck.`));
  return blocks;
}

// ---- messages ---------------------------------------------------------------------------------

// ---- open renewal links ----------------------------------------------------------------------

const renewalLine = (r: NonNullable<Digest['openRenewals']>[number], zone: string) =>
  `${at(r.handle)} — post ${r.itemId}: ${renewalStatusLabel(r.status).toLowerCase()} (sent ${formatDate(r.createdAt, zone)}, link works until ${formatDate(r.expiresAt, zone)})`;

function openRenewalsText(digest: Digest): string[] {
  const open = digest.openRenewals ?? [];
  return open.length === 0 ? [] : ['', `OPEN RENEWAL REQUESTS (${open.length})`, ...open.map((r) => `• ${renewalLine(r, digest.org.timeZone)}`)];
}

function openRenewalsHtml(digest: Digest): string {
  const open = digest.openRenewals ?? [];
  if (open.length === 0) return '';
  return `<h2 style="margin:24px 0 8px;font-size:16px">Open renewal requests (${open.length})</h2><ul style="margin:0;padding-left:20px;font-size:14px">${open.map((r) => `<li>${escapeHtml(renewalLine(r, digest.org.timeZone))}</li>`).join('')}</ul>`;
}

function openRenewalsSlack(digest: Digest): SlackBlock[] {
  const open = digest.openRenewals ?? [];
  return open.length === 0
    ? []
    : [
        { type: 'divider' },
        section(
          `*Open renewal requests (${open.length})*\n${open
            .slice(0, SLACK_POSTS_SHOWN)
            .map((r) => `• ${escapeSlack(renewalLine(r, digest.org.timeZone))}`)
            .join('\n')}`,
        ),
      ];
}

export function digestMessage(digest: Digest): AlertMessage {
  const blockingCount = digest.blocking.reduce((n, g) => n + g.ads.length, 0);
  const zone = digest.org.timeZone;
  // The first digest has no previous one to compare with: its blocking ads are "blocking now", not "newly blocking".
  const subject = `Sparkcheck digest for ${digest.org.name}: ${plural(digest.expiring.length, 'authorization')} expiring, ${plural(blockingCount, 'ad')} ${digest.firstDigest ? 'blocking now' : 'newly blocking'}`;
  const since: Since = { label: `since ${formatDateTime(digest.blockingSince, zone)}`, first: digest.firstDigest };
  const subtitle = `${formatDate(digest.generatedAt, zone)} · authorizations ending within ${plural(digest.windowDays, 'day')} · ${digest.firstDigest ? 'first digest: every ad blocking now' : `ads that turned blocking ${since.label}`}`;
  const text = [
    `Sparkcheck daily digest — ${digest.org.name}`,
    subtitle,
    '',
    ...expiringText(digest),
    '',
    ...blockingText(digest.blocking, since),
    ...openRenewalsText(digest),
    '',
    ...renewalText(digest),
  ].join('\n');
  const html = page(`Daily digest — ${digest.org.name}`, subtitle, expiringHtml(digest) + blockingHtml(digest.blocking, since) + openRenewalsHtml(digest) + renewalHtml(digest));
  const blocks = [
    header(`Sparkcheck digest — ${digest.org.name}`),
    context(escapeSlack(subtitle)),
    ...expiringSlack(digest),
    { type: 'divider' },
    ...blockingSlack(digest.blocking, since),
    ...openRenewalsSlack(digest),
  ].slice(0, 50);
  return { subject, text, html, slack: { text: subject, blocks } };
}

/** The immediate alert: running Spark ads that just turned blocking, with root cause and fix. */
export function blockingMessage({ org, groups, now }: { org: { name: string; timeZone?: string }; groups: BlockingGroup[]; now: Date }): AlertMessage {
  const count = groups.reduce((n, g) => n + g.ads.length, 0);
  const subject = `Sparkcheck: ${plural(count, 'Spark ad')} of ${org.name} stopped delivering`;
  const since: Since = { label: 'just now', first: false };
  const subtitle = `Detected ${formatDateTime(now, org.timeZone ?? 'UTC')}`;
  const text = [subject, subtitle, '', ...blockingText(groups, since)].join('\n');
  const html = page(subject, subtitle, blockingHtml(groups, since));
  return { subject, text, html, slack: { text: subject, blocks: [header(clip(subject, 150)), context(subtitle), ...blockingSlack(groups, since)] } };
}

/** A "send test" message: the current digest, marked as a test so nobody acts on it twice. */
export function testMessage(message: AlertMessage): AlertMessage {
  const note = 'This is a test from Sparkcheck: this channel receives alerts. Below is what the digest would say right now.';
  return {
    subject: `[Test] ${message.subject}`,
    text: `${note}\n\n${message.text}`,
    html: message.html.replace('<h1', `<p style="margin:0 0 12px;padding:8px 12px;border-radius:8px;background:#e0f2fe;color:#075985">${escapeHtml(note)}</p><h1`),
    slack: { text: `[Test] ${message.slack.text}`, blocks: [context(`:white_check_mark: ${note}`), ...message.slack.blocks].slice(0, 50) },
  };
}
