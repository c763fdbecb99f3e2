import { expect, test, type Page } from '@playwright/test';
import { DEMO_EMAIL, DEMO_PASSWORD } from '../lib/demo/credentials';
import { PASSWORD, uniqueEmail } from './fixtures';

/** Opens the newest link to `path` in the account-mail outbox (demo mode shows it at /mail). */
async function openMailedLink(page: Page, to: string, subject: string, path: string) {
  await page.goto(`/mail?to=${encodeURIComponent(to)}`);
  const message = page.getByTestId('mail').filter({ hasText: subject }).first();
  await expect(message).toBeVisible();
  await message.getByRole('link', { name: new RegExp(path) }).click();
}

async function signInWithForm(page: Page, email: string, password: string) {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('sign up → confirm from the outbox → forgot password → reset → the old session is rejected', async ({ browser }) => {
  const email = uniqueEmail('reset');
  const laptop = await (await browser.newContext()).newPage();
  await laptop.goto('/sign-up');
  await laptop.getByLabel('Your name').fill('Rae Reset');
  await laptop.getByLabel('Work email').fill(email);
  await laptop.getByLabel('Password').fill(PASSWORD);
  await laptop.getByLabel('Organization name').fill('Reset Labs');
  await laptop.getByRole('button', { name: 'Create account' }).click();
  await expect(laptop.getByTestId('form-notice')).toContainText('Check your e-mail');

  await openMailedLink(laptop, email, 'Confirm your e-mail address for Sparkcheck', '/verify-email');
  await laptop.getByRole('button', { name: 'Confirm my address' }).click();
  await expect(laptop.getByTestId('form-notice')).toHaveText(`${email} is confirmed.`);

  await laptop.goto('/sign-in');
  await signInWithForm(laptop, email, PASSWORD);
  await expect(laptop.getByRole('heading', { name: 'Reset Labs' })).toBeVisible();
  await laptop.getByRole('link', { name: 'Profile' }).click();
  await expect(laptop.getByText('Confirmed', { exact: true })).toBeVisible();
  await expect(laptop.getByTestId('sessions').getByRole('listitem')).toHaveCount(1);

  // On another device: forgot password.
  const phone = await (await browser.newContext()).newPage();
  await phone.goto('/sign-in');
  await phone.getByRole('link', { name: 'Forgot password?' }).click();
  await expect(phone.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  await phone.getByLabel('Email').fill(email);
  await phone.getByRole('button', { name: 'E-mail me a link' }).click();
  await expect(phone.getByTestId('form-notice')).toContainText('If an account uses that address, we e-mailed it a link');
  // An unknown address gets the very same answer.
  await phone.getByLabel('Email').fill(uniqueEmail('nobody'));
  await phone.getByRole('button', { name: 'E-mail me a link' }).click();
  await expect(phone.getByTestId('form-notice')).toContainText('If an account uses that address, we e-mailed it a link');

  await openMailedLink(phone, email, 'Reset your Sparkcheck password', '/reset-password');
  await phone.getByLabel('New password').fill('password1234');
  await phone.getByRole('button', { name: 'Set new password' }).click();
  await expect(phone.getByTestId('form-error')).toContainText('Password is too easy to guess');
  await phone.getByLabel('New password').fill('a fresh pass phrase 2026');
  await phone.getByRole('button', { name: 'Set new password' }).click();
  await expect(phone.getByTestId('form-notice')).toContainText('Your password is changed and every session was signed out');

  // The laptop's session ended with the reset: its next request goes to sign-in.
  await laptop.reload();
  await expect(laptop).toHaveURL(/\/sign-in/);
  await signInWithForm(laptop, email, PASSWORD);
  await expect(laptop.getByTestId('form-error')).toHaveText('Wrong email or password.');
  await signInWithForm(laptop, email, 'a fresh pass phrase 2026');
  await expect(laptop.getByRole('heading', { name: 'Your profile' })).toBeVisible(); // back where it was
});

test('an invitation is e-mailed; signing up from its link with the invited address joins at once', async ({ browser }) => {
  const admin = await (await browser.newContext()).newPage();
  await admin.goto('/sign-in');
  await signInWithForm(admin, DEMO_EMAIL, DEMO_PASSWORD);
  await expect(admin).toHaveURL(/\/o\/demo$/);
  await admin.goto('/o/demo/settings/members');
  const email = uniqueEmail('invitee');
  await admin.getByLabel('Email').fill(email);
  await admin.getByLabel('Role', { exact: true }).selectOption('member');
  await admin.getByRole('button', { name: 'Create invitation' }).click();
  await expect(admin.getByText('Invitation e-mailed.')).toBeVisible();

  const invitee = await (await browser.newContext()).newPage();
  await openMailedLink(invitee, email, 'invited you to Northwind Agency on Sparkcheck', '/invite/');
  await expect(invitee.getByRole('heading', { name: 'Join Northwind Agency' })).toBeVisible();
  await invitee.getByRole('link', { name: 'Create an account and join' }).click();
  await invitee.getByLabel('Your name').fill('Ines Invitee');
  await expect(invitee.getByLabel('Work email')).toHaveValue(email);
  await invitee.getByLabel('Password').fill(PASSWORD);
  await invitee.getByRole('button', { name: 'Create account' }).click();
  await expect(invitee).toHaveURL(/\/o\/demo$/);
  await expect(invitee.getByText('You are member of this organization.')).toBeVisible();
  await invitee.getByRole('link', { name: 'Profile' }).click();
  await expect(invitee.getByText('Confirmed', { exact: true })).toBeVisible();
});
