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
