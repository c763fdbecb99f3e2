// Takes the README screenshots from a running demo server: `BASE_URL=http://localhost:3000 npm run screenshots`.
// Every page at 1440 px (the whole page) into docs/screenshots/, and on a 390 × 844 phone (the first
// screen, as it opens from a Slack alert) into docs/screenshots/phone/.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { DEMO_EMAIL, DEMO_ORG_SLUG, DEMO_PASSWORD } from '@/lib/demo/credentials';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '@/e2e/chromium';

const base = process.env.BASE_URL ?? 'http://localhost:3000';
const out = path.resolve(import.meta.dirname, '..', 'docs', 'screenshots');
const phoneOut = path.join(out, 'phone');
fs.mkdirSync(phoneOut, { recursive: true });

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, baseURL: base });
const page = await context.newPage();
const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: base });
const phone = await phoneContext.newPage();

await page.goto('/sign-in');
await page.screenshot({ path: path.join(out, 'sign-in.png') });
await phone.goto('/sign-in');
await phone.screenshot({ path: path.join(phoneOut, 'sign-in.png') });

for (const c of [context, phoneContext]) {
  const signIn = await c.request.post('/api/session', { data: { email: DEMO_EMAIL, password: DEMO_PASSWORD } });
  if (!signIn.ok()) throw new Error(`demo sign-in failed: ${signIn.status()} ${await signIn.text()}`);
}

// Alerts: one e-mail recipient and a test message (kept in the outbox without SMTP), so both alert pages show something.
const alerts = `/api/orgs/${DEMO_ORG_SLUG}/alerts`;
const { channels } = (await (await context.request.get(alerts)).json()) as { channels: { id: string }[] };
if (channels.length === 0) {
  const added = await context.request.post(`${alerts}/channels`, { data: { kind: 'email', email: 'media.team@northwind.example' } });
  const { channel } = (await added.json()) as { channel: { id: string } };
  await context.request.post(`${alerts}/channels/${channel.id}/test`);
}

// Team: ids of the seeded world's members and posts from the demo sandbox's manifest.
const { refs, creatorCodes } = (await (await context.request.get('/sandbox/_control/manifest')).json()) as { refs: Record<string, string>; creatorCodes: { code: string; kind: string }[] };
const team = `/o/${DEMO_ORG_SLUG}/team`;

// Ad health: the ads list and the page of an ad blocked by a pending Business Center link.
const blocked = (await (await context.request.get(`/api/orgs/${DEMO_ORG_SLUG}/ads?cause=BC_LINK_PENDING`)).json()) as { ads: { adId: string }[] };
const blockedAd = blocked.ads[0]?.adId;
if (!blockedAd) throw new Error('the demo has no ad blocked by a pending BC link: has its first sync finished?');

// One API key, so the API keys page shows its list.
const apiKeys = `/api/orgs/${DEMO_ORG_SLUG}/api-keys`;
if (((await (await context.request.get(apiKeys)).json()) as { apiKeys: unknown[] }).apiKeys.length === 0) {
  await context.request.post(apiKeys, { data: { name: 'Looker Studio report', role: 'viewer' } });
}

const pages: Array<[string, string]> = [
  ['overview.png', `/o/${DEMO_ORG_SLUG}`],
  ['ads.png', `/o/${DEMO_ORG_SLUG}/ads`],
  ['ad-detail.png', `/o/${DEMO_ORG_SLUG}/ads/${blockedAd}`],
  ['members.png', `/o/${DEMO_ORG_SLUG}/settings/members`],
  ['settings.png', `/o/${DEMO_ORG_SLUG}/settings`],
  ['connections.png', `/o/${DEMO_ORG_SLUG}/connections`],
  ['sync-history.png', `/o/${DEMO_ORG_SLUG}/sync`],
  ['alerts.png', `/o/${DEMO_ORG_SLUG}/settings/alerts`],
  ['alerts-outbox.png', `/o/${DEMO_ORG_SLUG}/settings/alerts/outbox`],
  ['api-keys.png', `/o/${DEMO_ORG_SLUG}/settings/api-keys`],
  ['team-matrix.png', `${team}?bc=${refs['bc:brand']}`],
  ['team-compare.png', `${team}/compare?m=${refs['user:dana']}&m=${refs['user:felix']}&m=${refs['user:grace']}`],
  ['team-explain.png', `${team}/explain?member=${refs['user:hannah']}&post=${refs['post:northwind1']}`],
  ['team-findings.png', `${team}/findings`],
];
for (const [file, url] of pages) {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(out, file), fullPage: true });
  await phone.goto(url);
  await phone.waitForLoadState('networkidle');
  await phone.screenshot({ path: path.join(phoneOut, file) });
}
// The phone's menu, opened.
await phone.goto(`/o/${DEMO_ORG_SLUG}`);
await phone.getByRole('button', { name: 'Menu' }).click();
await phone.screenshot({ path: path.join(phoneOut, 'menu.png') });

// Creator codes: a mix of the demo sandbox's codes pasted, previewed, then all sent to Northwind EU.
const take = (kind: string, n: number) =>
  creatorCodes
    .filter((c) => c.kind === kind && !c.code.includes(' '))
    .slice(0, n)
    .map((c) => c.code);
const codes = [...take('valid', 5), ...take('already_applied', 1), ...take('private_post', 1), ...take('expired', 1), ...take('deleted_post', 1), ...take('malformed', 1)];
await page.goto(`/o/${DEMO_ORG_SLUG}/codes`);
await page.getByLabel('Creator codes').fill(codes.join('\n'));
await page.getByRole('checkbox', { name: /Northwind EU/ }).check();
await page.getByRole('button', { name: 'Preview', exact: true }).click();
await page.getByTestId('preview-row').first().waitFor();
await page.screenshot({ path: path.join(out, 'codes-preview.png'), fullPage: true });
// The expired one too, to show TikTok's answer to a failure; the other blocked ones stay unticked and are
// recorded as skipped, each with its reason and what to ask the creator for.
await page
  .getByRole('checkbox', { name: /^Apply / })
  .nth(7)
  .check();
await page.getByRole('button', { name: /^4\. Apply/ }).click();
await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
await page
  .locator('section')
  .filter({ has: page.getByRole('heading', { name: 'Results' }) })
  .screenshot({ path: path.join(out, 'codes-results.png') });
await page.goto(`/o/${DEMO_ORG_SLUG}/codes/history`);
await page.waitForLoadState('networkidle');
await page.screenshot({ path: path.join(out, 'codes-history.png'), fullPage: true });

// Renewal links: one renewed through the creator's page (a code the demo creator generates), one still open.
const expiringAds = (await (await context.request.get(`/api/orgs/${DEMO_ORG_SLUG}/ads?sort=expiry`)).json()) as { ads: { itemId: string | null; authEndTime: string | null }[] };
const expiringItems = [...new Set(expiringAds.ads.filter((a) => a.itemId && a.authEndTime && new Date(a.authEndTime) > new Date()).map((a) => a.itemId!))];
const renewalLink = async (itemId: string) => ((await (await context.request.post(`/api/orgs/${DEMO_ORG_SLUG}/renewals`, { data: { itemId } })).json()) as { url: string }).url;
if (expiringItems.length >= 2) {
  const renewed = new URL(await renewalLink(expiringItems[0]!));
  const { code } = (await (await context.request.post('/sandbox/_control/mutate', { data: { op: 'issueCreatorCode', itemId: expiringItems[0], days: 365 } })).json()) as { code: string };
  await phoneContext.request.post(`/api/renewals/${renewed.pathname.split('/r/')[1]}`, { data: { code } });
  const open = new URL(await renewalLink(expiringItems[1]!));
  const creator = await (await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: base })).newPage();
  await creator.goto(open.pathname);
  await creator.waitForLoadState('networkidle');
  await creator.screenshot({ path: path.join(phoneOut, 'renewal-link.png'), fullPage: true });
  await creator.goto(renewed.pathname);
  await creator.screenshot({ path: path.join(phoneOut, 'renewal-done.png') });
  await page.goto(`/o/${DEMO_ORG_SLUG}/renewals`);
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: path.join(out, 'renewals.png'), fullPage: true });
  await phone.goto(`/o/${DEMO_ORG_SLUG}/renewals`);
  await phone.screenshot({ path: path.join(phoneOut, 'renewals.png') });
}

await browser.close();
console.log(`screenshots written to ${out}`);
