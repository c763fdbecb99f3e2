import type { ReactNode } from 'react';
import { signOutAction } from '@/app/(auth)/actions';
import { AppSidebar } from '@/components/app-sidebar';
import { SyncBar } from '@/components/sync-bar';
import { syncBarState } from '@/lib/sync';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { hasRole } from '@/lib/tenancy/roles';

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  // Two database round trips for the chrome: the membership read (shared with the page) and this one.
  const { lastRun, hasConnection, readAt } = await syncBarState(ctx.db, { orgId: ctx.org.id });
  return (
    <div className="min-h-full md:flex">
      <a href="#main" className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-slate-900 shadow ring-1 ring-slate-300 focus:not-sr-only focus:fixed focus:left-2 focus:top-2">
        Skip to content
      </a>
      <AppSidebar orgSlug={ctx.org.slug} role={ctx.role} organizations={ctx.organizations} user={ctx.user} signOut={signOutAction} />
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 pb-8 pt-4 outline-none md:px-8">
        <div className="mx-auto max-w-6xl">
          <div className="mb-4">
            <SyncBar
              orgSlug={ctx.org.slug}
              canSync={hasRole(ctx.role, 'member')}
              hasConnection={hasConnection}
              renderedAt={readAt.getTime()}
              lastRun={
                lastRun && {
                  id: lastRun.id,
                  status: lastRun.status,
                  progressDone: lastRun.progressDone,
                  progressTotal: lastRun.progressTotal,
                  createdAt: lastRun.createdAt.toISOString(),
                  finishedAt: lastRun.finishedAt?.toISOString() ?? null,
                }
              }
            />
          </div>
          {children}
        </div>
      </main>
    </div>
  );
}
