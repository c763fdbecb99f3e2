import type { Metadata } from 'next';
import Link from 'next/link';
import { eq } from 'drizzle-orm';
import { organizations } from '@/db/schema';
import { buttonClass } from '@/components/ui/button';
import { ActionForm } from '@/components/action-form';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { requireOrgPage } from '@/lib/tenancy/membership';
import { hasRole } from '@/lib/tenancy/roles';
import { deleteOrganizationAction, renameOrganizationAction } from './actions';
import { SyncScheduleForm } from './sync-schedule-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  const [settings] = await ctx.db.select({ syncIntervalMinutes: organizations.syncIntervalMinutes }).from(organizations).where(eq(organizations.id, ctx.org.id));
  return (
    <>
      <PageHeader title="Settings" description={`${ctx.org.name} · ${ctx.org.kind === 'agency' ? 'Agency' : 'Brand'} · /o/${ctx.org.slug}`} />
      <div className="space-y-6">
        {ctx.role === 'owner' ? (
          <Card>
            <CardHeader title="Name" description="Owners can rename the organization; its address stays the same." />
            <div className="px-5 py-4">
              <ActionForm action={renameOrganizationAction} submit="Rename" pending="Saving…" variant="secondary" hidden={{ org: ctx.org.slug }}>
                <Field label="Organization name" htmlFor="org-name">
                  <Input id="org-name" name="name" defaultValue={ctx.org.name} required />
                </Field>
              </ActionForm>
            </div>
          </Card>
        ) : null}
        <Card>
          <CardHeader
            title="Members"
            description="Who can see this organization, and what each of them may do."
            actions={
              <Link href={`/o/${ctx.org.slug}/settings/members`} className={buttonClass('secondary', 'sm')}>
                Manage members
              </Link>
            }
          />
        </Card>
        <Card>
          <CardHeader
            title="Alerts"
            description="Daily digest of expiring Spark authorizations with renewal requests for creators, and an alert when a running ad breaks — by e-mail and Slack."
            actions={
              hasRole(ctx.role, 'admin') ? (
                <Link href={`/o/${ctx.org.slug}/settings/alerts`} className={buttonClass('secondary', 'sm')}>
                  Manage alerts
                </Link>
              ) : (
                <span className="text-sm text-slate-500">Admins and owners manage alerts.</span>
              )
            }
          />
        </Card>
        <Card>
          <CardHeader title="Sync schedule" description="How often Sparkcheck takes a fresh snapshot of your TikTok connections. “Sync now” is always available." />
          <div className="px-5 py-4">
            <SyncScheduleForm orgSlug={ctx.org.slug} minutes={settings?.syncIntervalMinutes ?? 30} canEdit={hasRole(ctx.role, 'admin')} />
          </div>
        </Card>
        {ctx.role === 'owner' ? (
          <Card>
            <CardHeader
              title="Delete this organization"
              description="Everyone loses access at once, TikTok tokens and creator codes are erased at once, and all synced data, batches and alerts are removed shortly after. This cannot be undone."
            />
            <div className="px-5 py-4">
              <ActionForm action={deleteOrganizationAction} submit="Delete organization" pending="Deleting…" variant="danger" hidden={{ org: ctx.org.slug }}>
                <Field label={`Type ${ctx.org.name} to confirm`} htmlFor="org-delete-confirm">
                  <Input id="org-delete-confirm" name="confirmName" autoComplete="off" required />
                </Field>
              </ActionForm>
            </div>
          </Card>
        ) : null}
      </div>
    </>
  );
}
