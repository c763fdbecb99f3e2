import type { ReactNode } from 'react';
import { TeamTabs } from '@/components/team/team-tabs';
import { PageHeader } from '@/components/ui/card';

// The organization layout above has already checked the membership (a foreign slug is a 404 there);
// each team page checks it again before reading data.
export default async function TeamLayout({ children, params }: { children: ReactNode; params: Promise<{ org: string }> }) {
  const { org } = await params;
  return (
    <>
      <PageHeader title="Team" description="Who can do what in your Business Centers, why someone cannot use a post, and what changed. From the last sync; fix things in TikTok Business Center." />
      <TeamTabs base={`/o/${encodeURIComponent(org)}/team`} />
      {children}
    </>
  );
}
