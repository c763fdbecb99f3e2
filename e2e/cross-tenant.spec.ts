import { expect, test } from '@playwright/test';
import { signUp } from './fixtures';

test('a user of org B gets 404 for every page and API route of org A, with no org A names', async ({ browser }) => {
  const victimContext = await browser.newContext();
  const victim = await signUp(victimContext.request, { prefix: 'victim', orgName: 'Zephyr Confidential Labs' });
  const invitation = await victimContext.request.post(`/api/orgs/${victim.orgSlug}/invitations`, { data: { email: 'someone@e2e.example', role: 'viewer' } });
  const { invitation: inv } = (await invitation.json()) as { invitation: { id: string } };

  const attackerContext = await browser.newContext();
  await signUp(attackerContext.request, { prefix: 'attacker', orgName: 'Attacker Org' });
  const page = await attackerContext.newPage();
  const secretWords = ['Zephyr', 'Confidential', victim.email];

  for (const path of [`/o/${victim.orgSlug}`, `/o/${victim.orgSlug}/settings/members`, `/o/${victim.orgSlug}/settings`]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    const html = await response!.text();
    for (const word of secretWords) expect(html, `${path} leaks ${word}`).not.toContain(word);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  }

  const api = attackerContext.request;
  const calls = [
    api.get(`/api/orgs/${victim.orgSlug}`),
    api.get(`/api/orgs/${victim.orgSlug}/members`),
    api.get(`/api/orgs/${victim.orgSlug}/invitations`),
    api.post(`/api/orgs/${victim.orgSlug}/invitations`, { data: { email: 'x@e2e.example', role: 'owner' } }),
    api.delete(`/api/orgs/${victim.orgSlug}/invitations/${inv.id}`),
    api.patch(`/api/orgs/${victim.orgSlug}/members/${victim.userId}`, { data: { role: 'viewer' } }),
    api.delete(`/api/orgs/${victim.orgSlug}/members/${victim.userId}`),
  ];
  for (const response of await Promise.all(calls)) {
    expect(response.status(), response.url()).toBe(404);
    const body = await response.text();
    for (const word of secretWords) expect(body, `${response.url()} leaks ${word}`).not.toContain(word);
  }

  // Nothing changed for the victim.
  const members = await victimContext.request.get(`/api/orgs/${victim.orgSlug}/members`);
  expect((await members.json()).members).toEqual([expect.objectContaining({ email: victim.email, role: 'owner' })]);
  const pending = await victimContext.request.get(`/api/orgs/${victim.orgSlug}/invitations`);
  expect((await pending.json()).invitations).toHaveLength(1);

  await victimContext.close();
  await attackerContext.close();
});

test('signed-out visitors are sent to sign-in, and the API answers 401', async ({ page, request }) => {
  await page.goto('/o/anything/settings/members');
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fo%2Fanything%2Fsettings%2Fmembers/);
  const api = await request.get('/api/orgs/anything/members');
  expect(api.status()).toBe(401);
});

test('the TikTok sandbox is not mounted outside demo mode', async ({ request }) => {
  const response = await request.get('/sandbox/open_api/v1.3/bc/get/', { headers: { 'Access-Token': 'sandbox-access-token' } });
  expect(response.status()).toBe(404);
  expect((await request.post('/sandbox/_control/reset', { data: {} })).status()).toBe(404);
});
