'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { sendJson } from '@/components/api-client';
import { ScriptButton } from '@/components/ui/script-button';
import { formatDateTime } from '@/lib/dates';

/** When the team permissions were last read from TikTok, how often they are, and "Refresh permissions". */
export function PermissionsFreshness({
  orgSlug,
  readAt,
  pending,
  refreshHours,
  canRefresh,
  timeZone = 'UTC',
}: {
  orgSlug: string;
  readAt: string | null;
  pending: boolean;
  refreshHours: number;
  canRefresh: boolean;
  timeZone?: string;
}) {
  const router = useRouter();
  const refresh = useMutation({
    mutationFn: () => sendJson(`/api/orgs/${orgSlug}/team/refresh`, 'POST'),
    onSuccess: () => router.refresh(),
  });
  const every = refreshHours === 24 ? 'once a day' : refreshHours % 24 === 0 ? `every ${refreshHours / 24} days` : `every ${refreshHours} hours`;
  return (
    <div className="mb-4 flex flex-wrap items-center gap-3 rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-600" data-testid="permissions-freshness">
      <p className="min-w-0 flex-1">
        {readAt === null ? 'Team permissions have not been read from TikTok yet for every connection.' : `Team permissions as TikTok showed them on ${formatDateTime(readAt, timeZone)}.`} Scheduled
        syncs read them {every}, and the next sync after a Business Center invitation is accepted or sent (ads, posts and identities every sync).
        {pending || refresh.isSuccess ? ' A refresh is queued: the next sync reads them.' : ''}
      </p>
      {refresh.error ? <span className="text-red-700">{refresh.error.message}</span> : null}
      {canRefresh ? (
        <ScriptButton size="sm" variant="secondary" disabled={refresh.isPending || pending} onClick={() => refresh.mutate()}>
          Refresh permissions
        </ScriptButton>
      ) : null}
    </div>
  );
}
