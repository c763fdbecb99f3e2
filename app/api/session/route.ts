import { NextResponse } from 'next/server';
import { z } from 'zod';
import { signOut } from '@/lib/auth/auth';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { withRoute } from '@/lib/http/route';

const body = z.object({
  email: z.string({ error: 'email is required' }).min(1, 'email is required').max(254),
  password: z.string({ error: 'password is required' }).min(1, 'password is required').max(200),
});

/** Sign in with email + password (JSON); sets the session cookie. */
export const POST = withRoute(
  async ({ body: { email, password } }) => {
    await signInWithPassword(email, password);
    return NextResponse.json({ ok: true });
  },
  { body },
);

/** Sign out. */
export const DELETE = withRoute(async () => {
  await signOut({ redirect: false });
  return NextResponse.json({ ok: true });
});
