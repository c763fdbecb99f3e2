import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { DEMO_EMAIL, DEMO_ORG_SLUG, DEMO_PASSWORD } from '../lib/demo/credentials';

// Organization API keys, the OpenAPI document and the MCP server, over real HTTP against the demo
// world: keys made by the demo owner, used with no cookie at all.

const api = `/api/orgs/${DEMO_ORG_SLUG}`;

type Keys = { viewer: string; member: string; memberId: string };
let keys: Keys;
let demoName: string;
let blockedAdId: string;
let advertiserId: string;
let validCode: string;
let renewalItemId: string;

async function makeKey(owner: APIRequestContext, name: string, role: string): Promise<{ id: string; key: string }> {
  const response = await owner.post(`${api}/api-keys`, { data: { name, role } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; key: string };
}

/** A request context that sends only the key: no session cookie. */
async function withKey(playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } }, baseURL: string, key: string, headers: Record<string, string> = {}) {
  return playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${key}`, ...headers } });
}

function mcpClient(baseURL: string, key: string) {
  return new StreamableHTTPClientTransport(new URL('/api/mcp', baseURL), { requestInit: { headers: { Authorization: `Bearer ${key}` } } });
}

test.beforeAll(async ({ playwright, baseURL }) => {
  const owner = await playwright.request.newContext({ baseURL });
  expect((await owner.post('/api/session', { data: { email: DEMO_EMAIL, password: DEMO_PASSWORD } })).status()).toBe(200);
  demoName = ((await (await owner.get(api)).json()) as { organization: { name: string } }).organization.name;
  await expect
    .poll(
      async () => {
        const response = await owner.get(`${api}/ads?status=blocking`);
        const first = response.ok() ? ((await response.json()) as { ads: { adId: string; advertiserId: string }[] }).ads[0] : undefined;
        blockedAdId = first?.adId ?? '';
        advertiserId = first?.advertiserId ?? '';
        return blockedAdId !== '';
      },
      { timeout: 90_000, intervals: [1_000] },
    )
    .toBe(true);
  const { creatorCodes } = (await (await owner.get('/sandbox/_control/manifest')).json()) as { creatorCodes: { code: string; kind: string }[] };
  validCode = creatorCodes.find((c) => c.kind === 'valid' && !c.code.includes(' '))!.code;
  const { ads } = (await (await owner.get(`${api}/ads`)).json()) as { ads: { itemId: string | null }[] };
  renewalItemId = ads.find((a) => a.itemId)!.itemId!;
  const viewer = await makeKey(owner, 'Looker Studio', 'viewer');
  const member = await makeKey(owner, 'Claude assistant', 'member');
  keys = { viewer: viewer.key, member: member.key, memberId: member.id };
  // Listed with prefix, role and creator, never the key.
  const listed = await (await owner.get(`${api}/api-keys`)).text();
  expect(listed).toContain(viewer.key.slice(0, 20));
  expect(listed).not.toContain(viewer.key);
  await owner.dispose();
});

test('a viewer key reads the API with no session; its role limits it like a member’s, in words', async ({ playwright, baseURL }) => {
  const client = await withKey(playwright, baseURL!, keys.viewer);
  const ads = await client.get(`${api}/ads?status=blocking`);
  expect(ads.status()).toBe(200);
  expect(((await ads.json()) as { ads: unknown[] }).ads.length).toBeGreaterThan(0);
  const sync = await client.post(`${api}/sync`);
  expect(sync.status()).toBe(403);
  expect(((await sync.json()) as { error: string }).error).toBe('This API key is a viewer key; this needs a member key or higher');
  // Keys never manage keys.
  const minted = await client.post(`${api}/api-keys`, { data: { name: 'more', role: 'viewer' } });
  expect(minted.status()).toBe(403);
  await client.dispose();
});

test('a member key posts from anywhere: the Origin rules are for browser sessions', async ({ playwright, baseURL }) => {
  const client = await withKey(playwright, baseURL!, keys.member, { Origin: 'https://reports.example' });
  const batches = await client.get(`${api}/code-batches`);
  expect(batches.status(), await batches.text()).toBe(200);
  const preview = await client.post(`${api}/code-batches/preview`, { data: { codes: [validCode], advertiserIds: [advertiserId] } });
  expect(preview.status(), await preview.text()).toBe(200);
  expect(((await preview.json()) as { rows: unknown[] }).rows).toHaveLength(1);
  await client.dispose();
});

test('a wrong, revoked or foreign key: 401, 401, and 404 naming nothing', async ({ playwright, baseURL }) => {
  const wrong = await withKey(playwright, baseURL!, `${keys.viewer.slice(0, -4)}XXXX`);
  const refused = await wrong.get(`${api}/ads`);
  expect(refused.status()).toBe(401);
  expect(((await refused.json()) as { error: string }).error).toMatch(/This API key is not valid/);
  await wrong.dispose();

  const owner = await playwright.request.newContext({ baseURL });
  await owner.post('/api/session', { data: { email: DEMO_EMAIL, password: DEMO_PASSWORD } });
  const revokable = await makeKey(owner, 'Old Slack bot', 'viewer');
  expect((await owner.delete(`${api}/api-keys/${revokable.id}`)).status()).toBe(200);
  await owner.dispose();
  const revoked = await withKey(playwright, baseURL!, revokable.key);
  const answer = await revoked.get(`${api}/ads`);
  expect(answer.status()).toBe(401);
  expect(((await answer.json()) as { error: string }).error).toBe('This API key (Old Slack bot) was revoked; an admin can make a new one');
  await revoked.dispose();

  // Another organization's admin key on the demo's addresses.
  const stranger = await playwright.request.newContext({ baseURL });
  const email = `keys-stranger-${Date.now()}@e2e.example`;
  expect((await stranger.post('/api/signup', { data: { name: 'Stranger', email, password: 'e2e password 42', orgName: 'Stranger Agency', orgKind: 'agency' } })).status()).toBe(202);
  expect((await stranger.post('/api/session', { data: { email, password: 'e2e password 42' } })).status()).toBe(200);
  const { organizations } = (await (await stranger.get('/api/orgs')).json()) as { organizations: { slug: string }[] };
  const made = await stranger.post(`/api/orgs/${organizations[0]!.slug}/api-keys`, { data: { name: 'Stranger key', role: 'admin' } });
  expect(made.status()).toBe(201);
  const foreignKey = ((await made.json()) as { key: string }).key;
  await stranger.dispose();
  const foreign = await withKey(playwright, baseURL!, foreignKey);
  for (const path of [`${api}/ads`, `${api}/ads/${blockedAdId}`, `${api}/members`, `${api}/api-keys`]) {
    const response = await foreign.get(path);
    const text = await response.text();
    expect(response.status(), path).toBe(404);
    expect(text).not.toContain(demoName);
    expect(text).not.toContain(DEMO_EMAIL);
  }
  await foreign.dispose();
});

test('the OpenAPI document lists the routes with their schemas', async ({ request }) => {
  const response = await request.get('/api/openapi.json');
  expect(response.status()).toBe(200);
  const document = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
  expect(document.openapi).toBe('3.1.0');
  expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/orgs/{org}/ads', '/api/orgs/{org}/api-keys', '/api/orgs/{org}/team/explain']));
});

test("the MCP SDK's own client lists the tools and calls them against the demo world", async ({ baseURL }) => {
  const client = new Client({ name: 'sparkcheck-e2e', version: '1.0.0' });
  await client.connect(mcpClient(baseURL!, keys.viewer));
  const { tools } = await client.listTools();
  expect(tools.map((t) => t.name)).toEqual(['list_blocking_ads', 'get_ad_health', 'explain_post_access', 'compare_members', 'preview_creator_codes', 'apply_creator_codes', 'create_renewal_request']);
  expect(tools.find((t) => t.name === 'get_ad_health')!.inputSchema).toMatchObject({ type: 'object', required: ['adId'] });

  const blocked = await client.callTool({ name: 'list_blocking_ads', arguments: { limit: 5 } });
  expect(blocked.isError).toBeFalsy();
  const groups = JSON.parse((blocked.content as { text: string }[])[0]!.text) as { totals: { blockedAds: number }; rootCauses: { cause: string; ads: number; fixSteps: string[] }[] };
  expect(groups.totals.blockedAds).toBeGreaterThan(0);
  expect(groups.rootCauses[0]!.fixSteps.length).toBeGreaterThan(0);

  const health = await client.callTool({ name: 'get_ad_health', arguments: { adId: blockedAdId } });
  expect(health.isError).toBeFalsy();
  const ad = JSON.parse((health.content as { text: string }[])[0]!.text) as { ad: { adId: string; status: string }; findings: { fixSteps: string[] }[]; supportPacket: string };
  expect(ad.ad.adId).toBe(blockedAdId);
  expect(ad.findings.length).toBeGreaterThan(0);
  expect(ad.supportPacket).toContain(blockedAdId);

  // Errors come back as tool errors in words.
  const missing = await client.callTool({ name: 'get_ad_health', arguments: { adId: '999999999' } });
  expect(missing.isError).toBe(true);
  expect((missing.content as { text: string }[])[0]!.text).toBe(`No ad with ID 999999999 in the synced data of ${demoName}`);
  const apply = await client.callTool({ name: 'apply_creator_codes', arguments: { codes: ['ABCDEFGH1234'], advertiserIds: ['1'] } });
  expect(apply.isError).toBe(true);
  expect((apply.content as { text: string }[])[0]!.text).toMatch(/^This API key is a viewer key; “Apply creator codes” needs a member key or higher/);
  const bad = await client.callTool({ name: 'compare_members', arguments: { members: ['one'] } });
  expect(bad.isError).toBe(true);
  expect((bad.content as { text: string }[])[0]!.text).toMatch(/^Invalid input — members: /);
  await client.close();
});

test('with a member key, the assistant previews creator codes and applies them as a batch', async ({ baseURL }) => {
  const client = new Client({ name: 'sparkcheck-e2e', version: '1.0.0' });
  await client.connect(mcpClient(baseURL!, keys.member));
  const preview = await client.callTool({ name: 'preview_creator_codes', arguments: { codes: [validCode], advertiserIds: [advertiserId] } });
  expect(preview.isError, JSON.stringify(preview.content)).toBeFalsy();
  expect((JSON.parse((preview.content as { text: string }[])[0]!.text) as { rows: unknown[] }).rows).toHaveLength(1);
  const args = { codes: [validCode], advertiserIds: [advertiserId], idempotencyKey: `mcp-e2e-${Date.now()}` };
  const applied = await client.callTool({ name: 'apply_creator_codes', arguments: args });
  expect(applied.isError, JSON.stringify(applied.content)).toBeFalsy();
  const first = JSON.parse((applied.content as { text: string }[])[0]!.text) as { created: boolean; batch: { id: string } };
  expect(first.created).toBe(true);
  // The same idempotency key is the same batch, not a second one.
  const again = JSON.parse(((await client.callTool({ name: 'apply_creator_codes', arguments: args })).content as { text: string }[])[0]!.text) as { created: boolean; batch: { id: string } };
  expect(again).toMatchObject({ created: false, batch: { id: first.batch.id } });
  // A renewal link for a post an ad runs: the creator's page it points at opens for anyone with it.
  const renewal = await client.callTool({ name: 'create_renewal_request', arguments: { itemId: renewalItemId } });
  expect(renewal.isError, JSON.stringify(renewal.content)).toBeFalsy();
  const link = JSON.parse((renewal.content as { text: string }[])[0]!.text) as { url: string; adAccounts: string[] };
  expect(link.adAccounts.length).toBeGreaterThan(0);
  expect(new URL(link.url).origin).toBe(new URL(baseURL!).origin);
  const page = await fetch(link.url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(renewalItemId);
  await client.close();
});

test('the MCP endpoint refuses requests without a key, in words', async ({ request }) => {
  const response = await request.post('/api/mcp', { data: { jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers: { Accept: 'application/json, text/event-stream' } });
  expect(response.status()).toBe(401);
  expect(response.headers()['www-authenticate']).toContain('Bearer');
  expect(((await response.json()) as { error: string }).error).toMatch(/Authorization: Bearer/);
});
