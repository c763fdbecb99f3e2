import type { SlackBlock } from '@/db/schema';
import { formatDate, formatDateTime } from '@/lib/dates';
import type { BlockingGroup, Digest, DigestAd, ExpiringPost } from './digest';
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

function endsLine(post: ExpiringPost): string {
  return `ends ${formatDate(post.endsAt)} (${daysPhrase(post.daysLeft)})`;
}

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
      `• ${at(post.handle)} — ${endsLine(post)}`,
      `  Post: ${post.postUrl ?? `ID ${post.itemId}`}${post.caption ? ` “${post.caption}”` : ''}`,
      `  Ad accounts: ${post.adAccounts.map(accountLabel).join(', ')}`,
      `  Ads affected: ${adsSummary(post.ads)}`,
    ]),
  ];
}

function blockingText(groups: BlockingGroup[], sinceLabel: string): string[] {
  const count = groups.reduce((n, g) => n + g.ads.length, 0);
  const title = `ADS THAT TURNED BLOCKING ${sinceLabel.toUpperCase()} (${count})`;
  if (groups.length === 0) return [title, 'No ad turned blocking.'];
  return [
    title,
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
  return ['RENEWAL REQUESTS — ready to send to each creator', ...digest.expiring.flatMap((post) => ['', `----- To ${at(post.handle)} (post ${post.itemId}) -----`, post.renewalRequest])];
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
<td style="padding:8px;border-top:1px solid #e2e8f0;vertical-align:top;white-space:nowrap">${escapeHtml(formatDate(post.endsAt))}<br><strong>${escapeHtml(daysPhrase(post.daysLeft))}</strong></td>
<td style="padding:8px;border-top:1px solid #e2e8f0;vertical-align:top">${escapeHtml(post.adAccounts.map(accountLabel).join(', '))}</td>
<td style="padding:8px;border-top:1px solid #e2e8f0;vertical-align:top">${escapeHtml(adsSummary(post.ads))}</td>
</tr>`,
    )
    .join('\n');
  const th = (label: string) => `<th style="text-align:left;padding:8px;font-size:12px;color:#64748b">${label}</th>`;
  return `${title}<table style="border-collapse:collapse;width:100%;font-size:14px;color:#334155"><tr>${th('Post')}${th('Ends')}${th('Ad accounts')}${th('Ads affected')}</tr>\n${rows}</table>`;
}

function blockingHtml(groups: BlockingGroup[], sinceLabel: string): string {
  const count = groups.reduce((n, g) => n + g.ads.length, 0);
  const title = `<h2 ${H2}>Ads that turned blocking ${escapeHtml(sinceLabel)} (${count})</h2>`;
  if (groups.length === 0) return `${title}<p ${MUTED}>No ad turned blocking.</p>`;
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
        `<p ${P}><strong>To ${escapeHtml(at(post.handle))}</strong> (post ${escapeHtml(post.itemId)})</p><pre style="white-space:pre-wrap;font-family:inherit;font-size:13px;background:#f8fafc;border:1px solid #e2e8f0;border-radius:8px;padding:12px;color:#334155">${escapeHtml(post.renewalRequest)}</pre>`,
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
          `*${escapeSlack(at(post.handle))}* — ${escapeSlack(endsLine(post))}`,
          `${postLink}${post.caption ? ` · ${escapeSlack(post.caption)}` : ''}`,
          `Ad accounts: ${escapeSlack(post.adAccounts.map(accountLabel).join(', '))}`,
          `Ads affected: ${escapeSlack(adsSummary(post.ads))}`,
        ].join('\n'),
      ),
      section(`Renewal request to copy:\n\`\`\`${escapeSlack(post.renewalRequest)}\`\`\``),
    );
  }
  if (digest.expiring.length > SLACK_POSTS_SHOWN) blocks.push(context(`And ${digest.expiring.length - SLACK_POSTS_SHOWN} more posts — see the e-mail digest or Sparkcheck.`));
  return blocks;
}

function blockingSlack(groups: BlockingGroup[], sinceLabel: string): SlackBlock[] {
  const count = groups.reduce((n, g) => n + g.ads.length, 0);
  const blocks: SlackBlock[] = [section(`*Ads that turned blocking ${escapeSlack(sinceLabel)} (${count})*`)];
  if (groups.length === 0) return [...blocks, context('No ad turned blocking.')];
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

export function digestMessage(digest: Digest): AlertMessage {
  const blockingCount = digest.blocking.reduce((n, g) => n + g.ads.length, 0);
  const subject = `Sparkcheck digest for ${digest.org.name}: ${plural(digest.expiring.length, 'authorization')} expiring, ${plural(blockingCount, 'ad')} newly blocking`;
  const subtitle = `${formatDate(digest.generatedAt)} · authorizations ending within ${plural(digest.windowDays, 'day')} · ads that turned blocking since ${formatDateTime(digest.blockingSince)} UTC`;
  const sinceLabel = `since ${formatDateTime(digest.blockingSince)} UTC`;
  const text = [`Sparkcheck daily digest — ${digest.org.name}`, subtitle, '', ...expiringText(digest), '', ...blockingText(digest.blocking, sinceLabel), '', ...renewalText(digest)].join('\n');
  const html = page(`Daily digest — ${digest.org.name}`, subtitle, expiringHtml(digest) + blockingHtml(digest.blocking, sinceLabel) + renewalHtml(digest));
  const blocks = [header(`Sparkcheck digest — ${digest.org.name}`), context(escapeSlack(subtitle)), ...expiringSlack(digest), { type: 'divider' }, ...blockingSlack(digest.blocking, sinceLabel)];
  return { subject, text, html, slack: { text: subject, blocks } };
}

/** The immediate alert: running Spark ads that just turned blocking, with root cause and fix. */
export function blockingMessage({ org, groups, now }: { org: { name: string }; groups: BlockingGroup[]; now: Date }): AlertMessage {
  const count = groups.reduce((n, g) => n + g.ads.length, 0);
  const subject = `Sparkcheck: ${plural(count, 'Spark ad')} of ${org.name} stopped delivering`;
  const sinceLabel = 'just now';
  const subtitle = `Detected ${formatDateTime(now)} UTC`;
  const text = [subject, subtitle, '', ...blockingText(groups, sinceLabel)].join('\n');
  const html = page(subject, subtitle, blockingHtml(groups, sinceLabel));
  return { subject, text, html, slack: { text: subject, blocks: [header(clip(subject, 150)), context(subtitle), ...blockingSlack(groups, sinceLabel)] } };
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
