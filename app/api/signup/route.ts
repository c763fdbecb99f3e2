import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { enforceAbuseLimit } from '@/lib/abuse/limits';
import { registerUser, signUpSchema } from '@/lib/tenancy/sign-up';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { clientIp } from '@/lib/http/request';
import { withRoute } from '@/lib/http/route';

/** Create an account (and its first organization), then sign in. */
export const POST = withRoute(
  async ({ body, request }) => {
    const db = await getDb();
    await enforceAbuseLimit(db, 'signup', { ip: clientIp(request.headers) });
    const result = await registerUser(db, body);
    await signInWithPassword(result.user.email, body.password);
    return NextResponse.json(result, { status: 201 });
  },
  { body: signUpSchema },
);
