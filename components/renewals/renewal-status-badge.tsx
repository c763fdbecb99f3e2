import Link from 'next/link';
import { Badge } from '@/components/ui/badge';
import type { RenewalStatus } from '@/db/schema/renewals';
import { renewalStatusLabel } from '@/lib/renewals/status';

const TONE: Record<RenewalStatus, 'neutral' | 'green' | 'amber' | 'red' | 'blue'> = {
  sent: 'blue',
  opened: 'blue',
  code_received: 'blue',
  applied: 'green',
  failed: 'red',
  expired: 'amber',
  revoked: 'neutral',
};

export function RenewalStatusBadge({ status }: { status: RenewalStatus }) {
  return (
    <span data-testid="renewal-status" data-status={status}>
      <Badge tone={TONE[status]}>{renewalStatusLabel(status)}</Badge>
    </span>
  );
}

/** "Renewal: Link sent" next to a post's expiry, linking to the Renewals page. */
export function RenewalStatusLink({ orgSlug, status }: { orgSlug: string; status: RenewalStatus }) {
  return (
    <Link href={`/o/${orgSlug}/renewals`} className="inline-flex items-center gap-1 text-xs text-slate-600 hover:underline" aria-label={`Renewal request: ${renewalStatusLabel(status)}`}>
      Renewal: <RenewalStatusBadge status={status} />
    </Link>
  );
}
