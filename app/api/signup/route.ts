import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { registerUser, signUpSchema } from '@/lib/tenancy/sign-up';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { withRoute } from '@/lib/http/route';

/** Create an account (and its first organization), then sign in. */
export const POST = withRoute(
  async ({ body }) => {
    const result = await registerUser(await getDb(), body);
    await signInWithPassword(result.user.email, body.password);
    return NextResponse.json(result, { status: 201 });
  },
  { body: signUpSchema },
);
