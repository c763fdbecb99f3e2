import { Badge } from '@/components/ui/badge';
import type { AdHealthStatus } from '@/lib/health/types';
import { STATUS_LABELS, STATUS_TONES } from './labels';

export function StatusBadge({ status }: { status: AdHealthStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Badge>;
}
