import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import type { ConnectionState } from '@/lib/health/queries';

/**
 * What to do when there is no health to show yet: connect TikTok (admins can, others are told who
 * can), wait for the first sync, or — synced but nothing stored — sync again.
 */
export function HealthEmpty({ state, orgSlug, isAdmin }: { state: ConnectionState; orgSlug: string; isAdmin: boolean }) {
  if (state.connections === 0) {
    return (
      <div className="px-5 py-10 text-center" data-testid="health-empty">
        <p className="text-sm font-medium text-slate-900">No TikTok connection yet</p>
        <p className="mx-auto mt-1 max-w-md text-sm text-slate-500">
          Sparkcheck checks your Spark ads once it can read your Business Center and ad accounts.
          {isAdmin ? '' : ' Ask an admin of this organization to connect TikTok.'}
        </p>
        {isAdmin ? (
          <Link href={`/o/${orgSlug}/connections`} className={`${buttonClass('primary')} mt-4`}>
            Connect TikTok
          </Link>
        ) : null}
      </div>
    );
  }
  return (
    <div className="px-5 py-10 text-center" data-testid="health-empty">
      <p className="text-sm font-medium text-slate-900">{state.lastSyncedAt ? 'No ads found in the synced ad accounts' : 'Not synced yet'}</p>
      <p className="mx-auto mt-1 max-w-md text-sm text-slate-500">
        {state.lastSyncedAt
          ? 'The last sync found no ads. Check which ad accounts the connection covers, or run “Sync now” above after creating ads.'
          : 'TikTok is connected; the health of each ad appears here after the first sync. Run “Sync now” above, or wait for the schedule.'}
      </p>
    </div>
  );
}
