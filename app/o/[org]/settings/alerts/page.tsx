import { formatDateTime } from '@/lib/dates';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AlertChannelsIntro } from '@/components/alerts/alert-channels-intro';
import { EmailChannels, SlackChannels } from '@/components/alerts/alert-channels';
import { AlertSettingsForm } from '@/components/alerts/alert-settings-form';
import { buttonClass } from '@/components/ui/button';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { listChannels } from '@/lib/alerts/channels';
import { lastDeliveryByChannel } from '@/lib/alerts/queries';
import { EXPIRY_WINDOW_MAX, EXPIRY_WINDOW_MIN, getAlertSettings } from '@/lib/alerts/settings';
import { env } from '@/lib/env';
import { listMembers } from '@/lib/tenancy/members';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Alerts' };

export default async function AlertSettingsPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, 'admin');
  const [settings, channels, members, lastDeliveries] = await Promise.all([
    getAlertSettings(ctx.db, { orgId: ctx.org.id }),
    listChannels(ctx.db, { orgId: ctx.org.id }),
    listMembers(ctx.db, { orgId: ctx.org.id }),
    lastDeliveryByChannel(ctx.db, { orgId: ctx.org.id }),
  ]);
  const outboxHref = `/o/${ctx.org.slug}/settings/alerts/outbox`;
  const emailChannels = channels.filter((c) => c.kind === 'email');
  const taken = new Set(emailChannels.map((c) => c.label.toLowerCase()));
  const plain = (c: (typeof channels)[number]) => {
    const last = lastDeliveries.get(c.id);
    return { id: c.id, kind: c.kind, label: c.label, detail: c.detail, active: c.active, last: last ? { ...last, when: formatDateTime(last.createdAt, ctx.org.timeZone) } : null };
  };
  return (
    <>
      <PageHeader
        title="Alerts"
        description="A daily digest of expiring Spark authorizations with renewal requests, and an alert when a running ad breaks — by e-mail and Slack."
        actions={
          <Link href={outboxHref} className={buttonClass('secondary')}>
            Outbox &amp; delivery log
          </Link>
        }
      />
      <div className="space-y-6">
        <Card>
          <CardHeader title="What to send" description="The expiry window also sets when ads are flagged “expiring soon”." />
          <div className="px-5 py-4">
            <AlertSettingsForm
              orgSlug={ctx.org.slug}
              initial={{ expiryWindowDays: settings.expiryWindowDays, dailyDigest: settings.dailyDigest, digestHourUtc: settings.digestHourUtc, immediateBlocking: settings.immediateBlocking }}
              windowBounds={{ min: EXPIRY_WINDOW_MIN, max: EXPIRY_WINDOW_MAX }}
            />
          </div>
        </Card>
        <Card>
          <CardHeader title="E-mail recipients" description={<AlertChannelsIntro smtpConfigured={Boolean(env.SMTP_URL)} outboxHref={outboxHref} />} />
          <EmailChannels
            orgSlug={ctx.org.slug}
            channels={emailChannels.map(plain)}
            members={members.filter((m) => !taken.has(m.email.toLowerCase())).map((m) => ({ userId: m.userId, name: m.name, email: m.email }))}
            outboxHref={outboxHref}
          />
        </Card>
        <Card>
          <CardHeader title="Slack" description="Messages go to a Slack channel through an incoming webhook, sent by the Sparkcheck server." />
          <SlackChannels orgSlug={ctx.org.slug} channels={channels.filter((c) => c.kind === 'slack').map(plain)} outboxHref={outboxHref} />
        </Card>
      </div>
    </>
  );
}
