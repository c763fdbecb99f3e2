import { expect, type APIRequestContext, type BrowserContext } from '@playwright/test';

export const PASSWORD = 'e2e password 42';

export type Account = { email: string; name: string; orgName?: string; orgSlug?: string; userId: string };

let counter = 0;
/** Unique per run and per call, so specs never collide in the shared database. */
export function uniqueEmail(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}@e2e.example`;
}

/** Creates an account (and its organization) through the JSON API, signed in on `request`'s cookie jar. */
export async function signUp(request: APIRequestContext, input: { prefix: string; orgName?: string; invited?: boolean }): Promise<Account> {
  const email = uniqueEmail(input.prefix);
  const name = `${input.prefix} user`;
  const response = await request.post('/api/signup', {
    data: { name, email, password: PASSWORD, orgName: input.orgName, orgKind: input.orgName ? 'brand' : undefined, invited: input.invited ?? false },
  });
  expect(response.status(), await response.text()).toBe(201);
  const body = (await response.json()) as { user: { id: string }; organization: { name: string; slug: string } | null };
  return { email, name, userId: body.user.id, orgName: body.organization?.name, orgSlug: body.organization?.slug };
}

/** Signs in through the API, not the form (only the sign-in spec types into the form). */
export async function signIn(context: BrowserContext, email: string, password = PASSWORD): Promise<void> {
  const response = await context.request.post('/api/session', { data: { email, password } });
  expect(response.status(), await response.text()).toBe(200);
}

/** The standalone sandbox's token (lib/tiktok-sandbox/constants.ts): it reaches every BC and ad account of the seeded world. */
const SANDBOX_TOKEN = 'sandbox-access-token';

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
