import type { Metadata } from 'next';
import Link from 'next/link';
import { CodesWorkbench } from '@/components/codes/codes-workbench';
import { buttonClass } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/card';
import { listCodeTargets } from '@/lib/codes/targets';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Creator codes' };

export default async function CreatorCodesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await params;
  const ctx = await requireOrgPage(org, 'member');
  const targets = await listCodeTargets(ctx.db, { orgId: ctx.org.id });
  return (
    <>
      <PageHeader
        title="Creator codes"
        description="Apply up to 20 Spark Ads creator codes at once: check each one before it is used, then see exactly which worked and why the others did not."
        actions={
          <Link href={`/o/${ctx.org.slug}/codes/history`} className={buttonClass('secondary')}>
            History
          </Link>
        }
      />
      <CodesWorkbench orgSlug={ctx.org.slug} targets={targets} timeZone={ctx.org.timeZone} />
    </>
  );
}
