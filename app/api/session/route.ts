import { NextResponse } from 'next/server';
import { z } from 'zod';
import { endCurrentSession } from '@/lib/auth/session';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { clientIp } from '@/lib/http/request';
import { withRoute } from '@/lib/http/route';

const body = z.object({
  email: z.string({ error: 'email is required' }).min(1, 'email is required').max(254),
  password: z.string({ error: 'password is required' }).min(1, 'password is required').max(200),
});

/** Sign in with email + password (JSON); sets the session cookie. */
export const POST = withRoute(
  async ({ request, body: { email, password } }) => {
    await signInWithPassword(email, password, clientIp(request.headers) ?? 'unknown');
    return NextResponse.json({ ok: true });
  },
  { body },
);

/** Sign out: this session ends server-side, so a copied cookie stops working too. */
export const DELETE = withRoute(async () => {
  await endCurrentSession();
  return NextResponse.json({ ok: true });
});
