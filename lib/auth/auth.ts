import 'server-only';
import { DrizzleAdapter } from '@auth/drizzle-adapter';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { z } from 'zod';
import { getDb } from '@/db/client';
import { accounts, sessions, users, verificationTokens } from '@/db/schema';
import { env } from '@/lib/env';
import { checkCredentials } from './credentials';
import { resolveAuthSecret } from './secret';

/** A refused sign-in; `code` is one of CredentialCheck's reasons and reaches the caller of signIn(). */
export class SignInRefused extends CredentialsSignin {
  constructor(
    code: string,
    readonly retryAfterSeconds?: number,
  ) {
    super();
    this.code = code;
  }
}

const credentialsInput = z.object({ email: z.string().max(254), password: z.string().max(200) });

export function clientIp(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || headers.get('x-real-ip') || 'unknown';
}

export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const db = await getDb();
  return {
    adapter: DrizzleAdapter(db, { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens }),
    // Credentials sign-in requires JWT sessions; membership is still read from the database on every request.
    session: { strategy: 'jwt', maxAge: 30 * 24 * 60 * 60 },
    secret: resolveAuthSecret(env),
    trustHost: true,
    pages: { signIn: '/sign-in' },
    // A refused sign-in is an expected outcome, reported to the user; only real faults are logged.
    logger: { error: (error) => (error instanceof CredentialsSignin ? undefined : console.error(error)) },
    providers: [
      Credentials({
        credentials: { email: {}, password: {} },
        authorize: async (raw, request) => {
          const input = credentialsInput.safeParse(raw);
          if (!input.success) throw new SignInRefused('unknown_email');
          const result = await checkCredentials(db, { ...input.data, ip: clientIp(request.headers) });
          if (!result.ok) throw new SignInRefused(result.reason, 'retryAfterSeconds' in result ? result.retryAfterSeconds : undefined);
          return result.user;
        },
      }),
    ],
    callbacks: {
      jwt: ({ token, user }) => {
        if (user?.id) token.sub = user.id;
        return token;
      },
      session: ({ session, token }) => {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
});
