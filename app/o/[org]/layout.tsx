import type { ReactNode } from 'react';
import { AppSidebar } from '@/components/app-sidebar';
import { listUserOrganizations } from '@/lib/tenancy/organizations';
import { requireOrgPage } from '@/lib/tenancy/membership';

export default async function OrgLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  const organizations = await listUserOrganizations(ctx.db, ctx.user.id);
  return (
    <div className="flex min-h-full">
      <AppSidebar orgSlug={ctx.org.slug} role={ctx.role} organizations={organizations} user={ctx.user} />
      <main className="min-w-0 flex-1 px-8 py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
