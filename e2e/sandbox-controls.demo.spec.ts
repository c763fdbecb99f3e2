import { expect, test } from '@playwright/test';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../lib/demo/credentials';
import { PASSWORD, signIn, uniqueEmail } from './fixtures';

// In demo mode the mounted sandbox's controls (clock, faults, world) answer only to a signed-in
// member of the demo organization or to the control token the server prints at start.

test('sandbox controls refuse strangers and answer the demo organization and the control token', async ({ browser, playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get('/sandbox/_control/state')).status()).toBe(403);
  expect((await anonymous.post('/sandbox/_control/reset', { data: {} })).status()).toBe(403);
  expect((await anonymous.get('/sandbox/_control/state', { headers: { 'X-Sandbox-Control-Token': 'guessed-token-guessed' } })).status()).toBe(403);
  expect((await anonymous.get('/sandbox/_control/state', { headers: { 'X-Sandbox-Control-Token': process.env.SANDBOX_CONTROL_TOKEN! } })).status()).toBe(200);
  // The TikTok API the sandbox simulates stays open (it checks its own access tokens).
  expect((await anonymous.get('/sandbox/open_api/v1.3/bc/get/')).status()).toBe(200);
  await anonymous.dispose();

  // Signed in, but a member of another organization: refused.
  const stranger = await browser.newContext();
  // An unconfirmed account may sign in, which is all a stranger needs here (the demo has no e2e database to confirm it in).
  const email = uniqueEmail('sandbox-stranger');
  expect((await stranger.request.post('/api/signup', { data: { name: 'Stranger', email, password: PASSWORD, orgName: 'Stranger Co', orgKind: 'brand' } })).status()).toBe(202);
  await signIn(stranger, email);
  expect((await stranger.request.get('/sandbox/_control/state')).status()).toBe(403);
  await stranger.close();

  const demo = await browser.newContext();
  expect((await demo.request.post('/api/session', { data: { email: DEMO_EMAIL, password: DEMO_PASSWORD } })).status()).toBe(200);
  expect((await demo.request.get('/sandbox/_control/state')).status()).toBe(200);
  await demo.close();
});
