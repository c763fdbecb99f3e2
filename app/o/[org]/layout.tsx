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
  const { lastRun, hasConnection } = await syncBarState(ctx.db, { orgId: ctx.org.id });
  return (
    <div className="flex min-h-full">
      <AppSidebar orgSlug={ctx.org.slug} role={ctx.role} organizations={ctx.organizations} user={ctx.user} signOut={signOutAction} />
      <main className="min-w-0 flex-1 px-8 pb-8 pt-4">
        <div className="mx-auto max-w-6xl">
          <div className="mb-4">
            <SyncBar
              orgSlug={ctx.org.slug}
              canSync={hasRole(ctx.role, 'member')}
              hasConnection={hasConnection}
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
