import { Badge } from '@/components/ui/badge';

type DeliveryState = { status: 'pending' | 'sending' | 'sent' | 'failed'; transport: 'smtp' | 'outbox' | 'slack'; attempts: number };

/** Where a delivery stands, in words: kept in the outbox, sent, waiting for a retry, or given up. */
export function DeliveryStatus({ delivery }: { delivery: DeliveryState }) {
  if (delivery.status === 'sent') return delivery.transport === 'outbox' ? <Badge tone="blue">In outbox</Badge> : <Badge tone="green">Sent</Badge>;
  if (delivery.status === 'failed') return <Badge tone="red">Failed</Badge>;
  if (delivery.status === 'sending') return <Badge tone="neutral">Sending</Badge>;
  return delivery.attempts > 0 ? <Badge tone="amber">{`Retrying (${delivery.attempts} failed)`}</Badge> : <Badge tone="neutral">Queued</Badge>;
}
