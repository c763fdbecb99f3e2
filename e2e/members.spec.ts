import { expect, test } from '@playwright/test';
import { PASSWORD, signIn, signUp, uniqueEmail } from './fixtures';

test('invite a teammate, they accept, and their role limits what they can do', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const owner = await signUp(ownerContext.request, { prefix: 'owner', orgName: 'Harbor Agency' });
  const ownerPage = await ownerContext.newPage();
  await ownerPage.goto(`/o/${owner.orgSlug}/settings/members`);

  const inviteeEmail = uniqueEmail('teammate');
  await ownerPage.getByLabel('Email').fill(inviteeEmail);
  await ownerPage.getByLabel('Role', { exact: true }).selectOption('viewer');
  await ownerPage.getByRole('button', { name: 'Create invitation' }).click();
  const link = await ownerPage.getByTestId('invitation-link').inputValue();
  // The link points at the host the admin is using, so it works as sent.
  expect(link).toMatch(new RegExp(`^${ownerPage.url().split('/o/')[0]}/invite/[A-Za-z0-9_-]{40,}$`));
  await expect(ownerPage.getByTestId(`invitation-${inviteeEmail}`)).toContainText('Viewer');

  // The invitee opens the link in their own browser and signs up from it.
  const inviteeContext = await browser.newContext();
  const invitee = await inviteeContext.newPage();
  await invitee.goto(link);
  await expect(invitee.getByRole('heading', { name: 'Join Harbor Agency' })).toBeVisible();
  await invitee.getByRole('link', { name: 'Create an account and join' }).click();
  await invitee.getByLabel('Your name').fill('Tess Teammate');
  await expect(invitee.getByLabel('Work email')).toHaveValue(inviteeEmail);
  await invitee.getByLabel('Password').fill(PASSWORD);
  // Signing up from the e-mailed link with the invited address proves it: no confirmation, no second click.
  await invitee.getByRole('button', { name: 'Create account' }).click();
  await expect(invitee).toHaveURL(new RegExp(`/o/${owner.orgSlug}$`));
  await expect(invitee.getByText('You are viewer of this organization.')).toBeVisible();

  // A viewer sees the members but no controls, and the API refuses changes with 403.
  await invitee.goto(`/o/${owner.orgSlug}/settings/members`);
  await expect(invitee.getByTestId(`member-${owner.email}`)).toContainText('Owner');
  await expect(invitee.getByRole('main').getByRole('combobox')).toHaveCount(0);
  await expect(invitee.getByRole('button', { name: 'Create invitation' })).toHaveCount(0);
  const forbidden = await inviteeContext.request.patch(`/api/orgs/${owner.orgSlug}/members/${owner.userId}`, { data: { role: 'viewer' } });
  expect(forbidden.status()).toBe(403);
  const invite = await inviteeContext.request.post(`/api/orgs/${owner.orgSlug}/invitations`, { data: { email: uniqueEmail('x'), role: 'viewer' } });
  expect(invite.status()).toBe(403);

  // The owner promotes them; the change shows on the invitee's next request.
  await ownerPage.reload();
  // Choosing a role changes nothing yet: an in-app dialog asks first, and the page says it is done.
  await ownerPage.getByLabel(`Role of ${inviteeEmail}`).selectOption('admin');
  const confirmRole = ownerPage.getByRole('dialog', { name: 'Make Tess Teammate an Admin?' });
  await expect(confirmRole).toBeVisible();
  await expect(confirmRole).toContainText('Admins manage members, connections, alerts and settings.');
  const patched = ownerPage.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/members/'));
  await confirmRole.getByRole('button', { name: 'Change role' }).click();
  expect((await patched).status()).toBe(200);
  await expect(confirmRole).toBeHidden();
  await expect(ownerPage.getByTestId('members-notice')).toHaveText('Tess Teammate is now an Admin.');
  await expect(ownerPage.getByLabel(`Role of ${inviteeEmail}`)).toHaveValue('admin');
  await invitee.reload();
  await expect(invitee.getByRole('button', { name: 'Create invitation' })).toBeVisible();

  // The last owner cannot be demoted, even by themselves.
  const demote = await ownerContext.request.patch(`/api/orgs/${owner.orgSlug}/members/${owner.userId}`, { data: { role: 'admin' } });
  expect(demote.status()).toBe(409);
  expect((await demote.json()).error).toMatch(/last owner/);

  // Removing a member takes effect on their very next request.
  const inviteeId = ((await (await ownerContext.request.get(`/api/orgs/${owner.orgSlug}/members`)).json()) as { members: { userId: string; email: string }[] }).members.find(
    (m) => m.email === inviteeEmail,
  )!.userId;
  const removed = await ownerContext.request.delete(`/api/orgs/${owner.orgSlug}/members/${inviteeId}`);
  expect(removed.status()).toBe(200);
  const after = await invitee.goto(`/o/${owner.orgSlug}`);
  expect(after?.status()).toBe(404);

  await ownerContext.close();
  await inviteeContext.close();
});

test('bad invitation input gets a clear error', async ({ browser }) => {
  const context = await browser.newContext();
  const owner = await signUp(context.request, { prefix: 'inviter', orgName: 'Input Checks' });
  const bad = await context.request.post(`/api/orgs/${owner.orgSlug}/invitations`, { data: { email: 'not-an-email', role: 'boss' } });
  expect(bad.status()).toBe(422);
  const body = await bad.json();
  expect(body.fields.email).toEqual(['Enter a valid email address']);
  expect(body.fields.role[0]).toMatch(/Role must be one of/);
  const me = await context.request.post(`/api/orgs/${owner.orgSlug}/invitations`, { data: { email: owner.email, role: 'admin' } });
  expect(me.status()).toBe(409);
  await context.close();
});

test('an existing user accepts an invitation after signing in', async ({ browser }) => {
  const ownerContext = await browser.newContext();
  const owner = await signUp(ownerContext.request, { prefix: 'owner2', orgName: 'Second Brand' });
  const otherContext = await browser.newContext();
  const other = await signUp(otherContext.request, { prefix: 'existing', orgName: 'Existing Co' });
  const created = await ownerContext.request.post(`/api/orgs/${owner.orgSlug}/invitations`, { data: { email: other.email, role: 'member' } });
  const { invitation } = (await created.json()) as { invitation: { url: string } };

  await otherContext.clearCookies();
  const page = await otherContext.newPage();
  await page.goto(new URL(invitation.url).pathname);
  await page.getByRole('link', { name: 'I already have an account' }).click();
  await expect(page.getByLabel('Email')).toHaveValue(other.email);
  await signIn(otherContext, other.email);
  await page.goto(new URL(invitation.url).pathname);
  await page.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${owner.orgSlug}$`));
  // Both organizations are in the switcher now.
  await expect(page.getByLabel('Organization').locator('option')).toContainText(['Existing Co', 'Second Brand']);
  await ownerContext.close();
  await otherContext.close();
});

test('role changes and removals ask in an in-app dialog: Escape and Cancel change nothing, focus comes back, the outcome is said', async ({ browser }) => {
  const context = await browser.newContext();
  const owner = await signUp(context.request, { prefix: 'dialogs', orgName: 'Dialog Brand' });
  const teammate = uniqueEmail('mate');
  const created = await context.request.post(`/api/orgs/${owner.orgSlug}/invitations`, { data: { email: teammate, role: 'member' } });
  const { invitation } = (await created.json()) as { invitation: { url: string } };
  const mateContext = await browser.newContext();
  const mate = await mateContext.newPage();
  await mate.goto(new URL(invitation.url).pathname);
  await mate.getByRole('link', { name: 'Create an account and join' }).click();
  await mate.getByLabel('Your name').fill('Mo Mate');
  await mate.getByLabel('Password').fill(PASSWORD);
  await mate.getByRole('button', { name: 'Create account' }).click();
  await expect(mate).toHaveURL(new RegExp(`/o/${owner.orgSlug}$`));

  const page = await context.newPage();
  let writes = 0;
  page.on('request', (r) => {
    if (['PATCH', 'DELETE'].includes(r.method()) && r.url().includes('/members/')) writes++;
  });
  await page.goto(`/o/${owner.orgSlug}/settings/members`);
  const role = page.getByLabel(`Role of ${teammate}`);

  // Escape closes the dialog, nothing is sent, the role stays and focus returns to the select.
  await role.focus();
  await role.selectOption('viewer');
  const dialog = page.getByRole('dialog', { name: 'Make Mo Mate a Viewer?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  // Focus stays inside the dialog while it is open.
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Change role' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Shift+Tab');
  await expect(dialog.getByRole('button', { name: 'Change role' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(role).toBeFocused();
  await expect(role).toHaveValue('member');

  // Cancel does the same.
  await role.focus();
  await role.selectOption('admin');
  await page.getByRole('dialog', { name: 'Make Mo Mate an Admin?' }).getByRole('button', { name: 'Cancel' }).click();
  await expect(role).toHaveValue('member');
  expect(writes).toBe(0);

  // Removing asks in the dialog too (no browser confirm()), then says it is done.
  page.on('dialog', () => {
    throw new Error('window.confirm() must not be used');
  });
  const removeButton = page.getByTestId(`member-${teammate}`).getByRole('button', { name: 'Remove' });
  await removeButton.click();
  const removeDialog = page.getByRole('dialog', { name: 'Remove Mo Mate?' });
  await expect(removeDialog).toContainText(`${teammate} loses access at once`);
  await page.keyboard.press('Escape');
  await expect(removeButton).toBeFocused();
  expect(writes).toBe(0);
  await removeButton.click();
  await removeDialog.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByTestId('members-notice')).toHaveText('Mo Mate was removed from the organization.');
  await expect(page.getByTestId(`member-${teammate}`)).toHaveCount(0);
  expect(writes).toBe(1);
  expect((await mate.goto(`/o/${owner.orgSlug}`))?.status()).toBe(404);

  await context.close();
  await mateContext.close();
});

test('the organization timezone is chosen from a list, checked, and every date then says it', async ({ browser }) => {
  const context = await browser.newContext();
  const owner = await signUp(context.request, { prefix: 'zone', orgName: 'Zone Brand' });
  const bad = await context.request.patch(`/api/orgs/${owner.orgSlug}`, { data: { timeZone: 'Mars/Olympus' } });
  expect(bad.status()).toBe(422);
  expect((await bad.json()).error).toContain('“Mars/Olympus” is not a timezone Sparkcheck knows');

  const page = await context.newPage();
  await page.goto(`/o/${owner.orgSlug}`);
  // UTC by default, said next to the time.
  await expect(page.getByText(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/).first()).toBeVisible();
  await page.goto(`/o/${owner.orgSlug}/settings`);
  const zone = page.getByLabel('Timezone');
  await expect(zone).toHaveValue('UTC');
  await zone.selectOption('Europe/Berlin');
  await expect(page.getByText('Saved — dates now show in Europe/Berlin.')).toBeVisible();
  await expect(page.getByText(/It is now .*\(Europe\/Berlin\)\./)).toBeVisible();
  await page.goto(`/o/${owner.orgSlug}`);
  await expect(page.getByText(/\d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(Europe\/Berlin\)/).first()).toBeVisible();
  await context.close();
});
