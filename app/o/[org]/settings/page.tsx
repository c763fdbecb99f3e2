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
import { SettingSelect } from './setting-select';
import { TimeZoneSelect } from './time-zone-select';
import { timeZoneChoices } from '@/lib/dates';

export const metadata: Metadata = { title: 'Settings' };

/** "Manage …" for admins; for everyone else, who can. */
function ManageLink({ admin, href, what }: { admin: boolean; href: string; what: string }) {
  return admin ? (
    <Link href={href} className={buttonClass('secondary', 'sm')}>
      {`Manage ${what}`}
    </Link>
  ) : (
    <span className="text-sm text-slate-500">{`Admins and owners manage ${what}.`}</span>
  );
}

const SYNC_CHOICES: Array<[number, string]> = [
  [15, 'Every 15 minutes'],
  [30, 'Every 30 minutes'],
  [60, 'Every hour'],
  [120, 'Every 2 hours'],
  [360, 'Every 6 hours'],
  [1440, 'Once a day'],
  [0, 'Off (only “Sync now”)'],
];

const PERMISSION_CHOICES: Array<[number, string]> = [
  [6, 'Every 6 hours'],
  [12, 'Every 12 hours'],
  [24, 'Once a day'],
  [48, 'Every 2 days'],
  [168, 'Once a week'],
];

const PREVIEW_CHOICES: Array<[number, string]> = [
  [0, 'None (previews not checked)'],
  [50, '50 an hour'],
  [100, '100 an hour'],
  [200, '200 an hour'],
  [400, '400 an hour'],
];

export default async function SettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  const [settings] = await ctx.db
    .select({ syncIntervalMinutes: organizations.syncIntervalMinutes, permissionRefreshHours: organizations.permissionRefreshHours, previewChecksPerHour: organizations.previewChecksPerHour })
    .from(organizations)
    .where(eq(organizations.id, ctx.org.id));
  const canEdit = hasRole(ctx.role, 'admin');
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
            actions={<ManageLink admin={hasRole(ctx.role, 'admin')} href={`/o/${ctx.org.slug}/settings/alerts`} what="alerts" />}
          />
        </Card>
        <Card>
          <CardHeader
            title="API keys"
            description="Keys for your reporting, Slack bots and AI assistants (the JSON API and the MCP server)."
            actions={<ManageLink admin={hasRole(ctx.role, 'admin')} href={`/o/${ctx.org.slug}/settings/api-keys`} what="API keys" />}
          />
        </Card>
        <Card>
          <CardHeader
            title="Timezone"
            description="Every date and time Sparkcheck shows for this organization — pages, CSV exports, the support packet, alert e-mails and Slack — is written in this timezone, and says so."
          />
          <div className="px-5 py-4">
            <TimeZoneSelect orgSlug={ctx.org.slug} value={ctx.org.timeZone} choices={timeZoneChoices()} canEdit={canEdit} now={new Date().toISOString()} />
          </div>
        </Card>
        <Card>
          <CardHeader title="Sync schedule" description="How often Sparkcheck takes a fresh snapshot of your TikTok connections. “Sync now” is always available." />
          <div className="px-5 py-4">
            <SettingSelect
              orgSlug={ctx.org.slug}
              field="syncIntervalMinutes"
              label="Sync schedule"
              value={settings?.syncIntervalMinutes ?? 30}
              choices={SYNC_CHOICES}
              describe={`Every ${settings?.syncIntervalMinutes ?? 30} minutes`}
              canEdit={canEdit}
            />
          </div>
        </Card>
        <Card>
          <CardHeader
            title="TikTok quota"
            description="Every scheduled sync reads ads, posts and identities. Team members and their permissions change rarely and cost most of the TikTok calls, so scheduled syncs read them less often; “Refresh permissions” on the Team page reads them at the next sync. Ad previews are checked within an hourly budget."
          />
          <div className="space-y-4 px-5 py-4">
            <SettingSelect
              orgSlug={ctx.org.slug}
              field="permissionRefreshHours"
              label="Read team permissions"
              value={settings?.permissionRefreshHours ?? 24}
              choices={PERMISSION_CHOICES}
              describe={`Every ${settings?.permissionRefreshHours ?? 24} hours`}
              canEdit={canEdit}
            />
            <SettingSelect
              orgSlug={ctx.org.slug}
              field="previewChecksPerHour"
              label="Preview checks"
              value={settings?.previewChecksPerHour ?? 100}
              choices={PREVIEW_CHOICES}
              describe={`${settings?.previewChecksPerHour ?? 100} an hour`}
              canEdit={canEdit}
            />
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
