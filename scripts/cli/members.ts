import type { DatabaseHandle } from '@/db/client';
import { ValidationError } from '@/lib/errors';
import { LINK_LABELS } from '@/lib/permissions/explain';
import { listParam } from '@/lib/permissions/search-params';
import { compareTeamMembers, explainTeamPost } from '@/lib/permissions/team';
import { findOrganizationBySlug } from '@/lib/tenancy/operator';
import { UsageError } from './args';

// `members diff` and `members explain`: the team pages' comparison and access path, from the shell.

/** A flag value the engine refuses (one member, a post ID with letters) is a wrong command line: exit 2. */
async function asUsage<T>(command: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ValidationError) throw new UsageError(`${command}: ${error.message}`);
    throw error;
  }
}

export async function diffMembersCommand(databases: Pick<DatabaseHandle, 'db' | 'forOrganization'>, { orgSlug, members }: { orgSlug: string; members: string }) {
  const org = await findOrganizationBySlug(databases.db, orgSlug);
  const db = databases.forOrganization(org.id);
  const result = await asUsage('members diff', compareTeamMembers(db, { orgId: org.id, ids: listParam(members) }));
  const { differences } = result.diff;
  const human = [
    `Comparing ${result.members.map((m) => `${m.name} (${m.memberKey})`).join(', ')} in ${org.slug}:`,
    ...result.members.map((m) => `  ${m.name} can use ${m.sparkPosts} Spark post${m.sparkPosts === 1 ? '' : 's'}${m.pendingOnly ? ' (invited, not accepted)' : ''}`),
    '',
    differences.length === 0 ? 'No differences: same roles and permissions on every synced asset.' : `${differences.length} difference${differences.length === 1 ? '' : 's'}:`,
    ...differences.map((d) => `  - ${d.sentence}`),
  ].join('\n');
  return { human, json: { org: org.slug, ...result } };
}

export async function explainMemberCommand(
  databases: Pick<DatabaseHandle, 'db' | 'forOrganization'>,
  { orgSlug, member, post, advertiser }: { orgSlug: string; member: string; post: string; advertiser?: string },
) {
  const org = await findOrganizationBySlug(databases.db, orgSlug);
  const db = databases.forOrganization(org.id);
  const { explanation: e, caption } = await asUsage('members explain', explainTeamPost(db, { orgId: org.id, member, post, advertiserId: advertiser, now: new Date() }));
  const missing = e.path.firstMissing;
  const human = [
    `Post ${e.itemId}${e.accountName ? ` by ${e.accountName}` : ''}${caption ? ` ("${caption}")` : ''}`,
    e.canUse
      ? `${e.memberName} can use it on ${e.usableOn.map((a) => a.advertiserName).join(', ')}.`
      : `${e.memberName} cannot use it. First missing link on ${e.path.advertiserName}: ${LINK_LABELS[missing!.link]}.`,
    ...e.path.steps.map((s) => `  ${s.ok ? '✓' : '✗'} ${s.detail}`),
    ...(missing?.fix ? ['', `What to change: ${missing.fix}`] : []),
  ].join('\n');
  return { human, json: { org: org.slug, ...e, caption } };
}
