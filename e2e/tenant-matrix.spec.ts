import fs from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { connectAndSync, signUp } from './fixtures';

// Every page and route handler under app/, found from the file tree, called by a member of another
// organization with the victim's real ids: 404 and not one of the victim's names. A file this test
// cannot classify fails it, so a new route cannot skip the check.

const APP_DIR = path.resolve(import.meta.dirname, '..', 'app');
const SANDBOX_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3211) + 2}`;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

/** Routes that are not one organization's resource, and why each cannot leak another's. */
const NOT_AN_ORGANIZATION_RESOURCE: Record<string, string> = {
  'page.tsx': 'sends you to your own organization',
  '(auth)/sign-in/page.tsx': 'public',
  '(auth)/sign-up/page.tsx': 'public',
  '(auth)/account/page.tsx': 'your own profile, e-mail, password and devices',
  '(auth)/forgot-password/page.tsx': 'public; the answer is the same whether the address exists',
  '(auth)/reset-password/page.tsx': 'the one-time link (hashed at rest) is the credential',
  '(auth)/verify-email/page.tsx': 'the one-time link (hashed at rest) is the credential',
  '(auth)/mail/page.tsx': 'the account-mail outbox, shown only in demo or development mode (a 404 on this server)',
  '(auth)/invite/[token]/page.tsx': 'the unguessable token is the credential; accepting needs the invited e-mail',
  '(auth)/tiktok/callback/page.tsx': 'the OAuth state is signed and bound to the organization and the admin who started it',
  'orgs/new/page.tsx': 'creates an organization of your own',
  'api/auth/[...nextauth]/route.ts': "Auth.js's own endpoints (your session only)",
  'api/session/route.ts': 'your session only',
  'api/signup/route.ts': 'creates an account of your own',
  'api/orgs/route.ts': 'lists and creates your own organizations',
  'api/invitations/[token]/accept/route.ts': 'the unguessable token is the credential and the invited e-mail must be yours',
  'r/[token]/page.tsx': 'public: the renewal link (unguessable, hashed at rest) is the credential; it shows the brand name and that one post, nothing else',
  'api/renewals/[token]/route.ts': 'public: the renewal link is the credential; answers only about its post and never echoes the code',
  'sandbox/[...path]/route.ts': 'the TikTok sandbox, mounted only in demo mode (a 404 on this server)',
  'api-reference/page.tsx': 'public: the addresses of the API, no data',
  'api/openapi.json/route.ts': 'public: the OpenAPI document describes addresses, not data',
  'api/mcp/route.ts': "API keys only, and the key's own organization (none in the address): probed below with the attacker's key and the victim's ids",
};

type Entry = { file: string; urlPattern: string; methods: Method[]; kind: 'page' | 'route' };

function entries(dir = APP_DIR): Entry[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((dirent): Entry[] => {
    const full = path.join(dir, dirent.name);
    if (dirent.isDirectory()) return entries(full);
    if (dirent.name !== 'page.tsx' && dirent.name !== 'route.ts') return [];
    const file = path.relative(APP_DIR, full).split(path.sep).join('/');
    const segments = file
      .split('/')
      .slice(0, -1)
      .filter((s) => !/^\(.*\)$/.test(s));
    const urlPattern = `/${segments.join('/')}`;
    if (dirent.name === 'page.tsx') return [{ file, urlPattern, methods: ['GET'], kind: 'page' }];
    const source = fs.readFileSync(full, 'utf8');
    const methods = METHODS.filter((m) => new RegExp(`export (const|async function) ${m}\\b|export (const )?\\{[^}]*\\b${m}\\b[^}]*\\}`).test(source));
    return [{ file, urlPattern, methods, kind: 'route' }];
  });
}

type VictimIds = Record<string, string>;

/** The victim's real id for a dynamic segment, by where it sits in the path; undefined = unknown segment. */
function fill(pattern: string, ids: VictimIds): string | undefined {
  let unknown = false;
  const url = pattern.replace(/\[([^\]]+)\]/g, (_, name: string, offset: number) => {
    const before = pattern.slice(0, offset);
    const key =
      name === 'id'
        ? before.endsWith('/connections/')
          ? 'connectionId'
          : before.endsWith('/code-batches/')
            ? 'batchId'
            : before.endsWith('/channels/')
              ? 'channelId'
              : before.endsWith('/invitations/')
                ? 'invitationId'
                : before.endsWith('/renewals/')
                  ? 'renewalId'
                  : before.endsWith('/api-keys/')
                    ? 'apiKeyId'
                    : 'unknown'
        : name;
    const value = ids[key];
    if (value === undefined) unknown = true;
    return encodeURIComponent(value ?? '');
  });
  return unknown ? undefined : url;
}

/** A body the route would accept from its own members, so only the tenancy check can refuse it. */
const BODIES: Record<string, unknown> = {
  'PATCH api/orgs/[org]/members/[userId]/route.ts': { role: 'viewer' },
  'PATCH api/orgs/[org]/connections/[id]/route.ts': { label: 'Renamed by someone else' },
  'POST api/orgs/[org]/code-batches/[id]/run/route.ts': { retryFailed: false },
  'PATCH api/orgs/[org]/route.ts': { name: 'Renamed by someone else' },
  'POST api/orgs/[org]/api-keys/route.ts': { name: 'Planted by someone else', role: 'admin' },
};

async function call(api: APIRequestContext, method: Method, url: string, body: unknown) {
  return api.fetch(url, { method, ...(body === undefined || method === 'GET' || method === 'DELETE' ? {} : { data: body }), maxRedirects: 0 });
}

test('every page and route of an organization answers 404 to a member of another organization, naming nothing of the victim', async ({ browser }) => {
  test.setTimeout(180_000);
  const all = entries();
  const unclassified = all.filter((e) => !e.urlPattern.startsWith('/o/[org]') && !e.urlPattern.startsWith('/api/orgs/[org]') && !(e.file in NOT_AN_ORGANIZATION_RESOURCE));
  expect(
    unclassified.map((e) => e.file),
    'routes this test cannot classify: add them to the matrix',
  ).toEqual([]);

  // The victim: a synced organization with one of everything.
  const victimContext = await browser.newContext();
  const victimApi = victimContext.request;
  const victim = await signUp(victimApi, { prefix: 'matrix-victim', orgName: 'Quillfeather Private Holdings' });
  const slug = victim.orgSlug!;
  const run = await connectAndSync(victimApi, slug, 'Quillfeather secret connection');
  const { connections } = (await (await victimApi.get(`/api/orgs/${slug}/connections`)).json()) as { connections: { id: string }[] };
  const { ads } = (await (await victimApi.get(`/api/orgs/${slug}/ads`)).json()) as { ads: { adId: string; advertiserId: string; itemId: string | null }[] };
  const invited = (await (await victimApi.post(`/api/orgs/${slug}/invitations`, { data: { email: 'quillfeather.invitee@e2e.example', role: 'viewer' } })).json()) as { invitation: { id: string } };
  const channel = (await (await victimApi.post(`/api/orgs/${slug}/alerts/channels`, { data: { kind: 'email', email: 'quillfeather.alerts@e2e.example' } })).json()) as { channel: { id: string } };
  const sandbox = await playwrightRequest.newContext();
  const manifest = (await (await sandbox.get(`${SANDBOX_URL}/_control/manifest`)).json()) as { creatorCodes: { code: string; kind: string }[] };
  await sandbox.dispose();
  const batch = await victimApi.post(`/api/orgs/${slug}/code-batches`, {
    data: { codes: [manifest.creatorCodes[0]!.code], advertiserIds: [ads[0]!.advertiserId] },
    headers: { 'Idempotency-Key': `matrix-${Date.now()}` },
  });
  expect(batch.status(), await batch.text()).toBe(202);
  const renewal = await victimApi.post(`/api/orgs/${slug}/renewals`, { data: { itemId: ads.find((a) => a.itemId)!.itemId } });
  expect(renewal.status(), await renewal.text()).toBe(201);
  const victimKey = (await (await victimApi.post(`/api/orgs/${slug}/api-keys`, { data: { name: 'Quillfeather reporting key', role: 'admin' } })).json()) as { id: string };
  const ids: VictimIds = {
    renewalId: ((await renewal.json()) as { id: string }).id,
    org: slug,
    adId: ads[0]!.adId,
    runId: run.id,
    userId: victim.userId,
    batchId: ((await batch.json()) as { batch: { id: string } }).batch.id,
    connectionId: connections[0]!.id,
    channelId: channel.channel.id,
    invitationId: invited.invitation.id,
    apiKeyId: victimKey.id,
  };
  const secrets = ['Quillfeather', victim.email, 'quillfeather.invitee', 'quillfeather.alerts'];

  // The attacker: an owner of their own organization.
  const attackerContext = await browser.newContext();
  const attacker = await signUp(attackerContext.request, { prefix: 'matrix-attacker', orgName: 'Intruder Analytics' });
  const api = attackerContext.request;
  // The attacker's own admin API key: every route again with `Authorization: Bearer` and no cookie.
  const attackerKey = ((await (await api.post(`/api/orgs/${attacker.orgSlug}/api-keys`, { data: { name: 'Intruder key', role: 'admin' } })).json()) as { key: string }).key;
  const keyApi = await playwrightRequest.newContext({ baseURL: test.info().project.use.baseURL, extraHTTPHeaders: { Authorization: `Bearer ${attackerKey}` } });

  const tenantEntries = all.filter((e) => !(e.file in NOT_AN_ORGANIZATION_RESOURCE));
  expect(tenantEntries.length).toBeGreaterThan(40);
  const failures: string[] = [];
  let probes = 0;
  for (const entry of tenantEntries) {
    for (const method of entry.methods) {
      const body = BODIES[`${method} ${entry.file}`] ?? (method === 'POST' || method === 'PATCH' || method === 'PUT' ? {} : undefined);
      // 1. The victim's organization itself.
      const foreign = fill(entry.urlPattern, ids);
      // 2. The attacker's own organization with the victim's object ids (only where the path has some).
      const ownWithVictimIds = /\[(?!org\])/.test(entry.urlPattern) ? fill(entry.urlPattern, { ...ids, org: attacker.orgSlug! }) : undefined;
      if (foreign === undefined) {
        failures.push(`${entry.file}: a path segment this test has no victim id for`);
        continue;
      }
      for (const url of [foreign, ownWithVictimIds].filter((u): u is string => u !== undefined)) {
        for (const [how, client] of entry.kind === 'route'
          ? ([
              ['session', api],
              ['API key', keyApi],
            ] as const)
          : ([['session', api]] as const)) {
          probes += 1;
          const response = await call(client, method, url, body);
          const text = await response.text();
          if (response.status() !== 404) failures.push(`${method} ${url} (${entry.file}, ${how}) answered ${response.status()}: ${text.slice(0, 200)}`);
          for (const secret of secrets) if (text.includes(secret)) failures.push(`${method} ${url} (${entry.file}, ${how}) leaks "${secret}"`);
        }
      }
    }
  }
  // The MCP server answers for the key's own organization: the victim's ad is not found, nothing named.
  const mcp = new Client({ name: 'tenant-matrix', version: '1' });
  await mcp.connect(new StreamableHTTPClientTransport(new URL('/api/mcp', test.info().project.use.baseURL!), { requestInit: { headers: { Authorization: `Bearer ${attackerKey}` } } }));
  for (const [name, args] of [
    ['get_ad_health', { adId: ids.adId }],
    ['list_blocking_ads', {}],
  ] as const) {
    const result = JSON.stringify(await mcp.callTool({ name, arguments: args }));
    for (const secret of secrets) if (result.includes(secret)) failures.push(`MCP ${name} leaks "${secret}"`);
  }
  await mcp.close();
  await keyApi.dispose();

  expect(failures).toEqual([]);
  expect(probes).toBeGreaterThan(100);

  // And nothing of the victim's changed.
  const after = (await (await victimApi.get(`/api/orgs/${slug}`)).json()) as { organization: { name: string } };
  expect(after.organization.name).toBe('Quillfeather Private Holdings');
  const members = (await (await victimApi.get(`/api/orgs/${slug}/members`)).json()) as { members: { role: string }[] };
  expect(members.members.map((m) => m.role)).toEqual(['owner']);

  await victimContext.close();
  await attackerContext.close();
});
