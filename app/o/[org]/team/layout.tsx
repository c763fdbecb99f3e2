import type { ReactNode } from 'react';
import { TeamTabs } from '@/components/team/team-tabs';
import { PageHeader } from '@/components/ui/card';
import { requireOrgPage } from '@/lib/tenancy/membership';

export default async function TeamLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org);
  return (
    <>
      <PageHeader title="Team" description="Who can do what in your Business Centers, why someone cannot use a post, and what changed. From the last sync; fix things in TikTok Business Center." />
      <TeamTabs base={`/o/${ctx.org.slug}/team`} />
      {children}
    </>
  );
}
