import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getDb } from '@/db/client';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { resolveAuthSecret } from '@/lib/auth/secret';
import { currentUser, requireVerified } from '@/lib/auth/session';
import { completeAuthorization } from '@/lib/connections/oauth';
import { getKeyring } from '@/lib/connections/tiktok-app';
import { getTikTokApp } from '@/lib/wiring/tiktok';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { TikTokApiError } from '@/lib/tiktok';

export const metadata: Metadata = { title: 'Connecting TikTok' };

/** TikTok's portal sends the admin here with `auth_code` and our `state` after they approve. */
export default async function TikTokCallbackPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const query = await searchParams;
  const user = await currentUser();
  if (!user) {
    const back = `/tiktok/callback?${new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined))}`;
    redirect(`/sign-in?callbackUrl=${encodeURIComponent(back)}`);
  }
  const authCode = query.auth_code ?? query.code;
  let problem: string;
  if (!authCode || !query.state) {
    problem = 'TikTok did not send back an authorization (the approval was cancelled, or the link is incomplete).';
  } else {
    let destination: string | null = null;
    try {
      requireVerified(user, 'connect TikTok');
      const db = await getDb();
      const { orgSlug, connection } = await completeAuthorization(db, getTikTokApp(db), getKeyring(), { secret: resolveAuthSecret(env), state: query.state, authCode, userId: user.id });
      destination = `/o/${orgSlug}/connections/${connection.id}?connected=1`;
    } catch (error) {
      if (error instanceof TikTokApiError) problem = `TikTok did not complete the connection (${error.code}: ${error.message}).`;
      else if (error instanceof AppError) problem = error.message;
      else throw error;
    }
    if (destination) redirect(destination);
    problem ??= 'The connection could not be completed.';
  }
  return (
    <Card className="p-8">
      <h1 className="text-xl font-semibold tracking-tight">TikTok was not connected</h1>
      <p role="alert" className="mt-3 text-sm text-slate-600">
        {problem}
      </p>
      <p className="mt-2 text-sm text-slate-500">Nothing was saved. Start again from Connections; an authorization must be finished within 15 minutes.</p>
      <Link href="/" className={`${buttonClass('secondary')} mt-6`}>
        Back to Sparkcheck
      </Link>
    </Card>
  );
}
