import type { Metadata } from 'next';
import { and, eq, inArray } from 'drizzle-orm';
import { tiktokConnections } from '@/db/schema';
import { Badge } from '@/components/ui/badge';
import { FormError } from '@/components/ui/field';
import { Pager } from '@/components/ui/pager';
import { Card, CardHeader, PageHeader } from '@/components/ui/card';
import { Table, TableHead, Td } from '@/components/ui/table';
import { formatDateTime } from '@/lib/dates';
import { describeSyncWarning, listSyncRuns, type SyncRun } from '@/lib/sync';
import { busiestEndpoints } from '@/lib/tiktok/calls';
import { readPageParam } from '@/lib/query-params';
import { requireOrgPage } from '@/lib/tenancy/membership';

export const metadata: Metadata = { title: 'Sync history' };

const STATUS: Record<SyncRun['status'], { tone: 'green' | 'amber' | 'red' | 'blue' | 'neutral'; label: string }> = {
  queued: { tone: 'neutral', label: 'Queued' },
  running: { tone: 'blue', label: 'Running' },
  succeeded: { tone: 'green', label: 'Succeeded' },
  partial: { tone: 'amber', label: 'Partly failed' },
  failed: { tone: 'red', label: 'Failed' },
  interrupted: { tone: 'amber', label: 'Interrupted' },
};

/** Warnings listed per run; the rest are counted. */
const SHOWN_WARNINGS = 20;

const TRIGGER: Record<SyncRun['trigger'], string> = { manual: 'Sync now', schedule: 'Schedule', demo: 'Demo start', cli: 'Command line' };

function totals(run: SyncRun) {
  const t = { fetched: 0, inserted: 0, updated: 0, removed: 0 };
  for (const c of Object.values(run.counters)) {
    t.fetched += c.fetched;
    t.inserted += c.inserted;
    t.updated += c.updated;
    t.removed += c.removed;
  }
  return t;
}

function duration(run: SyncRun): string {
  if (!run.startedAt || !run.finishedAt) return '—';
  const s = (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000;
  return s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** The run's TikTok calls, which tier it read, and (on demand) the calls per endpoint, busiest first. */
function CallsCell({ run }: { run: SyncRun }) {
  const endpoints = busiestEndpoints(run.apiCallsByEndpoint);
  return (
    <>
      <div className="tabular-nums">{run.apiCalls}</div>
      <div className="text-xs text-slate-500">{run.readPermissions ? 'ads + members & permissions' : 'ads (permissions not due)'}</div>
      {endpoints.length > 0 ? (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-slate-500">Per endpoint</summary>
          <ul className="mt-1 space-y-0.5 tabular-nums">
            {endpoints.map(([path, calls]) => (
              <li key={path}>
                <code>{path}</code> {calls}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

export default async function SyncHistoryPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: Promise<{ page?: string }> }) {
  const [{ org }, query] = await Promise.all([params, searchParams]);
  const ctx = await requireOrgPage(org);
  const { page, error: pageError } = readPageParam(query.page);
  const { runs, total, pageSize } = await listSyncRuns(ctx.db, { orgId: ctx.org.id, page });
  const connectionIds = [...new Set(runs.map((r) => r.connectionId))];
  const labels = new Map(
    connectionIds.length === 0
      ? []
      : (
          await ctx.db
            .select({ id: tiktokConnections.id, label: tiktokConnections.label })
            .from(tiktokConnections)
            .where(and(eq(tiktokConnections.orgId, ctx.org.id), inArray(tiktokConnections.id, connectionIds)))
        ).map((c) => [c.id, c.label]),
  );
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const base = `/o/${ctx.org.slug}/sync`;
  return (
    <>
      <PageHeader
        title="Sync history"
        description="Every sync of this organization's TikTok connections: what changed, how many TikTok calls it took, what failed and which TikTok rows could not be read, in plain words."
      />
      {pageError ? (
        <div className="mb-4">
          <FormError message={`${pageError}. Showing the first page instead.`} />
        </div>
      ) : null}
      <Card>
        <CardHeader title={`${total} sync run${total === 1 ? '' : 's'}`} description="Changed rows = inserted + updated + marked removed." />
        {runs.length === 0 ? (
          <p className="px-5 py-6 text-sm text-slate-500">No sync has run yet.</p>
        ) : (
          <Table>
            <TableHead columns={['Started', 'Connection', 'Trigger', 'Status', 'Duration', 'Changed rows', 'TikTok calls', 'Problems']} />
            <tbody className="divide-y divide-slate-100">
              {runs.map((run) => {
                const t = totals(run);
                return (
                  <tr key={run.id} data-testid={`sync-run-${run.id}`} className="align-top">
                    <Td className="whitespace-nowrap text-slate-600">{formatDateTime(run.startedAt ?? run.createdAt, ctx.org.timeZone, { seconds: true })}</Td>
                    <Td>{labels.get(run.connectionId) ?? '—'}</Td>
                    <Td className="text-slate-600">{TRIGGER[run.trigger]}</Td>
                    <Td>
                      <Badge tone={STATUS[run.status].tone}>{STATUS[run.status].label}</Badge>
                      {run.status === 'running' || run.status === 'queued' ? (
                        <div className="mt-1 text-xs text-slate-500">
                          {run.status === 'running' && run.progressDone === run.progressTotal ? 'Read; checking the ads' : `${run.progressDone} of ${run.progressTotal} steps`}
                        </div>
                      ) : null}
                    </Td>
                    <Td className="whitespace-nowrap text-slate-600">{duration(run)}</Td>
                    <Td className="text-slate-600" title={`${t.fetched} fetched`}>
                      {t.inserted + t.updated + t.removed === 0 ? 'No changes' : `${t.inserted} new, ${t.updated} updated, ${t.removed} removed`}
                    </Td>
                    <Td className="text-slate-600">
                      <CallsCell run={run} />
                    </Td>
                    <Td className="max-w-sm text-slate-600">
                      {run.errors.length === 0 && run.warnings.length === 0 ? <span className="text-slate-500">None</span> : null}
                      {run.errors.length > 0 ? (
                        <ul className="space-y-1 text-xs">
                          {run.errors.map((e, i) => (
                            <li key={i}>{e.message}</li>
                          ))}
                        </ul>
                      ) : null}
                      {run.warnings.length > 0 ? (
                        <details className="mt-1 text-xs" data-testid="sync-warnings">
                          <summary className="cursor-pointer text-amber-700">
                            {run.warnings.length} warning{run.warnings.length === 1 ? '' : 's'}: TikTok data stored without an unreadable value
                          </summary>
                          <ul className="mt-1 space-y-1">
                            {run.warnings.slice(0, SHOWN_WARNINGS).map((w, i) => (
                              <li key={i} className="break-words">
                                {describeSyncWarning(w)}
                              </li>
                            ))}
                            {run.warnings.length > SHOWN_WARNINGS ? <li className="text-slate-500">and {run.warnings.length - SHOWN_WARNINGS} more</li> : null}
                          </ul>
                        </details>
                      ) : null}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        )}
        <Pager page={page} pages={pages} href={(n) => `${base}?page=${n}`} label={`Page ${page} of ${pages}`} previous="Newer" next="Older" />
      </Card>
    </>
  );
}
