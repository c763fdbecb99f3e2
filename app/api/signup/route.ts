import { NextResponse } from 'next/server';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { enforceAbuseLimit } from '@/lib/abuse/limits';
import { CHECK_EMAIL_MESSAGE, signUpFromForm, signUpSchema } from '@/lib/tenancy/sign-up';
import { signInWithPassword } from '@/lib/auth/sign-in';
import { appOrigin, clientIp } from '@/lib/http/request';
import { withRoute } from '@/lib/http/route';
import { mailContextFor } from '@/lib/mail/account-mail';

/**
 * Create an account (and its first organization). Answers 202 with the same message whether the
 * address was free or taken; from an invitation link with the invited address (`invite`: the
 * link's token) the account starts verified, joins at once, is signed in and answers 201.
 */
export const POST = withRoute(
  async ({ request, body }) => {
    const { invite, ...raw } = body;
    const db = await getDb();
    await enforceAbuseLimit(db, 'signup', { ip: clientIp(request.headers) });
    const outcome = await signUpFromForm(db, raw, { mail: mailContextFor(appOrigin(request)), invite });
    if (!outcome.joined) return NextResponse.json({ message: CHECK_EMAIL_MESSAGE }, { status: 202 });
    await signInWithPassword(outcome.joined.email, raw.password, clientIp(request.headers) ?? 'unknown');
    return NextResponse.json({ organization: { slug: outcome.joined.orgSlug } }, { status: 201 });
  },
  { body: signUpSchema.and(z.object({ invite: z.string().max(200).optional() })) },
);
