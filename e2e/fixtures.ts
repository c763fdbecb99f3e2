import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';
import postgres from 'postgres';

export const PASSWORD = 'e2e password 42';

export type Account = { email: string; name: string; orgName?: string; orgSlug?: string; userId: string };

let counter = 0;
/** Unique per run and per call, so specs never collide in the shared database. */
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@e2e.example`;
}

/**
 * The Postgres e2e server's database (scripts/e2e-server.mjs). Only fixtures touch it, to stand in
 * for the confirmation e-mail that production mode does not show (the outbox is demo/development only;
 * e2e/accounts.demo.spec.ts follows the real link).
 */
function e2eDatabase() {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
  url.pathname = `/sparkcheck_e2e_${process.env.E2E_PORT ?? 3211}`;
  return postgres(url.toString(), { max: 1, onnotice: () => {} });
}

/** Marks the address confirmed, as opening its e-mailed link would; returns the user's id. */
export async function confirmEmail(email: string): Promise<string> {
  const sql = e2eDatabase();
  try {
    const [row] = await sql<{ id: string }[]>`update users set email_verified = now() where email = ${email.toLowerCase()} returning id`;
    if (!row) throw new Error(`no account for ${email}`);
    return row.id;
  } finally {
    await sql.end();
  }
}

/**
 * Creates an account (and its organization) through the JSON API, confirms its address and signs
 * in on `request`'s cookie jar.
 */
export async function signUp(request: APIRequestContext, input: { prefix: string; orgName?: string; invited?: boolean }): Promise<Account> {
  const email = uniqueEmail(input.prefix);
  const name = `${input.prefix} user`;
  const response = await request.post('/api/signup', {
    data: { name, email, password: PASSWORD, orgName: input.orgName, orgKind: input.orgName ? 'brand' : undefined, invited: input.invited ?? false },
  });
  expect(response.status(), await response.text()).toBe(202);
  const userId = await confirmEmail(email);
  const session = await request.post('/api/session', { data: { email, password: PASSWORD } });
  expect(session.status(), await session.text()).toBe(200);
  const { organizations } = (await (await request.get('/api/orgs')).json()) as { organizations: { name: string; slug: string }[] };
  return { email, name, userId, orgName: organizations[0]?.name, orgSlug: organizations[0]?.slug };
}

/** Signs in through the API, not the form (only the sign-in spec types into the form). */
export async function signIn(context: BrowserContext, email: string, password = PASSWORD): Promise<void> {
  const response = await context.request.post('/api/session', { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
}

/**
 * Waits until every streamed part of the page is on screen. React (19.2 and later) reveals a page's
 * Suspense parts (behind a `loading.tsx`) in batches, up to 300 ms after they arrived and possibly
 * after the `load` event: until then they sit in a hidden `<div id="S:…">`, where role locators find
 * nothing and reads that do not wait (`count`, `evaluateAll`) see an empty page.
 */
export async function pageShown(page: Page): Promise<void> {
  await page.waitForFunction(() => document.querySelector('div[hidden][id^="S:"]') === null);
}

/** The standalone sandbox's token (lib/tiktok-sandbox/constants.ts): it reaches every BC and ad account of the seeded world. */
export const SANDBOX_TOKEN = 'sandbox-access-token';

/**
 * Connects the organization to the TikTok sandbox the Postgres e2e server talks to (its
 * TIKTOK_API_BASE_URL) with an access token, runs "Sync now" and waits for the sync to finish.
 * Needs an admin's `request`. Returns the finished run.
 */
export async function connectAndSync(request: APIRequestContext, orgSlug: string, label = 'Sandbox'): Promise<{ id: string; status: string }> {
  const connected = await request.post(`/api/orgs/${orgSlug}/connections`, { data: { accessToken: SANDBOX_TOKEN, label } });
  expect(connected.status(), await connected.text()).toBe(201);
  const started = await request.post(`/api/orgs/${orgSlug}/sync`);
  expect(started.status(), await started.text()).toBe(202);
  const { runId } = (await started.json()) as { runId: string };
  let run: { id: string; status: string } = { id: runId, status: 'queued' };
  await expect
    .poll(
      async () => {
        run = ((await (await request.get(`/api/orgs/${orgSlug}/sync/${runId}`)).json()) as { run: { id: string; status: string } }).run;
        return run.status;
      },
      { timeout: 60_000, intervals: [250, 500, 1000] },
    )
    .toMatch(/^(succeeded|partial|failed)$/);
  expect(run.status).toBe('succeeded');
  return run;
}
