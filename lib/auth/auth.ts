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
import { createSession, SESSION_TTL_MS } from './sessions';

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

// `ip` is lib/http's clientIp() of the request, passed by signInWithPassword; the HTTP endpoint
// that would let a client post its own (/api/auth/callback/credentials) is closed in app/api/auth.
const credentialsInput = z.object({ email: z.string().max(254), password: z.string().max(200), ip: z.string().min(1).max(100) });

export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const db = await getDb();
  return {
    adapter: DrizzleAdapter(db, { usersTable: users, accountsTable: accounts, sessionsTable: sessions, verificationTokensTable: verificationTokens }),
    // Credentials sign-in requires JWT sessions. The JWT carries the id of a session row (`sid`) that
    // every request checks (lib/auth/session.ts), so a session can be ended server-side.
    session: { strategy: 'jwt', maxAge: SESSION_TTL_MS / 1000 },
    secret: resolveAuthSecret(env),
    trustHost: true,
    pages: { signIn: '/sign-in' },
    // A refused sign-in is an expected outcome, reported to the user; only real faults are logged.
    logger: { error: (error) => (error instanceof CredentialsSignin ? undefined : console.error(error)) },
    providers: [
      Credentials({
        credentials: { email: {}, password: {}, ip: {} },
        authorize: async (raw, request) => {
          const input = credentialsInput.safeParse(raw);
          if (!input.success) throw new SignInRefused('invalid');
          const { ip } = input.data;
          const result = await checkCredentials(db, input.data);
          if (!result.ok) throw new SignInRefused(result.reason, 'retryAfterSeconds' in result ? result.retryAfterSeconds : undefined);
          const sid = await createSession(db, { userId: result.user.id, ip, userAgent: request.headers.get('user-agent') });
          return { ...result.user, sid };
        },
      }),
    ],
    callbacks: {
      jwt: ({ token, user }) => {
        if (user?.id) {
          token.sub = user.id;
          token.sid = (user as { sid?: string }).sid;
        }
        return token;
      },
      session: ({ session, token }) => {
        if (token.sub) session.user.id = token.sub;
        return { ...session, sid: typeof token.sid === 'string' ? token.sid : undefined };
      },
    },
  };
});
