import type { ConnectionView } from '@/lib/connections/connections';
import { Badge } from './ui/badge';

export function ConnectionStatus({ connection }: { connection: Pick<ConnectionView, 'status'> }) {
  if (connection.status === 'active') return <Badge tone="green">Active</Badge>;
  if (connection.status === 'needs_reconnect') return <Badge tone="amber">Needs reconnect</Badge>;
  return <Badge>Disconnected</Badge>;
}
