import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { getDatabaseHandle } from '@/db/client';
import { enforceAbuseLimit } from '@/lib/abuse/limits';
import { RECOMMENDED_CODE_DAYS } from '@/lib/alerts/renewal';
import { formatLongDate } from '@/lib/dates';
import { RateLimitedError } from '@/lib/errors';
import { clientIp } from '@/lib/http/request';
import { hashRenewalToken, lookupRenewalToken, openRenewalRequest, type PublicRenewal } from '@/lib/renewals/renewals';
import { RenewalCodeForm } from './renewal-form';

// The creator's page: no account, a phone in hand, nothing loaded from anywhere but this app.
export const metadata: Metadata = { title: 'Renew your Spark Ads authorization', robots: { index: false, follow: false }, referrer: 'no-referrer' };

function Shell({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto flex min-h-full w-full max-w-lg flex-col px-4 py-6 sm:py-12">
      {children}
      <p className="mt-10 text-center text-xs text-slate-500">Sent through Sparkcheck. This page never asks for your TikTok password.</p>
    </main>
  );
}

function Notice({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Shell>
      <section className="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
        <div className="mt-2 text-base text-slate-700">{children}</div>
      </section>
    </Shell>
  );
}

const STEPS = [
  'Open the post (linked above) in the TikTok app.',
  'Tap ⋯ (More) → “Ad settings”.',
  'Make sure “Ad authorization” is switched on.',
  'Tap “Generate code” and choose 365 days.',
  'Agree to the terms, tap “Copy code”, and paste it here.',
];

export default async function RenewalPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const handle = await getDatabaseHandle();
  try {
    await enforceAbuseLimit(handle.db, 'renewal-view', { token: hashRenewalToken(token), ip: clientIp(await headers()) });
  } catch (error) {
    if (error instanceof RateLimitedError) return <Notice title="Please wait a moment">{error.message}</Notice>;
    throw error;
  }
  // The one cross-organization read: which organization's link this is. The rest runs as that organization.
  const found = await lookupRenewalToken(handle.db, token);
  if (!found) {
    return <Notice title="This link is not valid">Check that you opened the whole link from the message you were sent, or ask the brand for a new one.</Notice>;
  }
  const view: PublicRenewal = await openRenewalRequest(handle.forOrganization(found.orgId), found);
  const who = view.handle ? `@${view.handle}` : 'your';

  if (view.status === 'revoked') return <Notice title="This link was withdrawn">{view.brand} withdrew this request; nothing more is needed from you here.</Notice>;
  if (view.status === 'expired') return <Notice title="This link has expired">Links work for 14 days. Ask {view.brand} for a new one — nothing was changed on your post.</Notice>;

  return (
    <Shell>
      <p className="text-sm font-medium uppercase tracking-wide text-slate-500">Spark Ads authorization</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900" data-testid="renewal-brand">
        {view.brand} asks you to renew {view.handle ? `${who}'s` : 'your'} post
      </h1>

      <section className="mt-5 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label="The post">
        <p className="text-base font-medium text-slate-900">{view.handle ? `@${view.handle}` : 'Your post'}</p>
        {view.caption ? <p className="mt-1 line-clamp-3 text-sm text-slate-700">“{view.caption}”</p> : null}
        <p className="mt-2 text-sm">
          {view.postUrl ? (
            <a href={view.postUrl} rel="noreferrer noopener" target="_blank" className="break-all text-brand-700 underline underline-offset-4">
              Open the post on TikTok
            </a>
          ) : (
            <span className="text-slate-600">
              Post ID <span className="font-mono">{view.itemId}</span>
            </span>
          )}
        </p>
        {view.status === 'applied' ? null : view.endsAt ? (
          <p className="mt-3 text-sm text-slate-700" data-testid="renewal-ends">
            The current authorization ends on <strong>{formatLongDate(view.endsAt)}</strong>.
          </p>
        ) : null}
      </section>

      {view.status === 'applied' ? (
        <section className="mt-5 rounded-2xl bg-emerald-50 p-5 ring-1 ring-emerald-200" data-testid="renewal-done">
          <h2 className="text-lg font-semibold text-emerald-900">Renewed — thank you!</h2>
          <p className="mt-1 text-base text-emerald-900">
            {view.newEndsAt ? (
              <>
                {view.brand} can run your post as an ad until <strong>{formatLongDate(view.newEndsAt)}</strong>.
              </>
            ) : (
              `${view.brand} can keep running your post as an ad.`
            )}{' '}
            You can end the authorization in the TikTok app (Ad settings) at any time.
          </p>
        </section>
      ) : (
        <>
          <section className="mt-5">
            <h2 className="text-lg font-semibold text-slate-900">Why a new code?</h2>
            <p className="mt-1 text-base text-slate-700">
              {view.brand} runs this post as a Spark Ad with your permission. The authorization you gave ends soon, and then the ad stops. A new code continues it — choose {RECOMMENDED_CODE_DAYS} days
              so you are not asked again this year.
            </p>
          </section>
          <section className="mt-5">
            <h2 className="text-lg font-semibold text-slate-900">In the TikTok app</h2>
            <ol className="mt-2 list-decimal space-y-1.5 pl-5 text-base text-slate-700">
              {STEPS.map((step) => (
                <li key={step}>{step}</li>
              ))}
            </ol>
          </section>
          <section className="mt-6 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <RenewalCodeForm token={token} lastProblem={view.result} />
          </section>
        </>
      )}
    </Shell>
  );
}
