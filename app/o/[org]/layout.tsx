import type { ReactNode } from 'react';
import { and, eq } from 'drizzle-orm';
import { tiktokConnections } from '@/db/schema';
import { AppSidebar } from '@/components/app-sidebar';
import { SyncBar } from '@/components/sync-bar';
import { latestSyncRun } from '@/lib/sync';
import { listUserOrganizations } from '@/lib/tenancy/organizations';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { hasRole } from '@/lib/tenancy/roles';

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  const [organizations, lastRun, [connection]] = await Promise.all([
    listUserOrganizations(ctx.db, ctx.user.id),
    latestSyncRun(ctx.db, { orgId: ctx.org.id }),
    ctx.db
      .select({ id: tiktokConnections.id })
      .from(tiktokConnections)
      .where(and(eq(tiktokConnections.orgId, ctx.org.id), eq(tiktokConnections.status, 'active')))
      .limit(1),
  ]);
  return (
    <div className="flex min-h-full">
      <AppSidebar orgSlug={ctx.org.slug} role={ctx.role} organizations={organizations} user={ctx.user} />
      <main className="min-w-0 flex-1 px-8 pb-8 pt-4">
        <div className="mx-auto max-w-6xl">
          <div className="mb-4">
            <SyncBar
              orgSlug={ctx.org.slug}
              canSync={hasRole(ctx.role, 'member')}
              hasConnection={Boolean(connection)}
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
