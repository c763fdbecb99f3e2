import 'server-only';
import { z } from 'zod';
import type { Queryable } from '@/db/client';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { computeAccess, indexSnapshot, usablePosts } from './access';
import { diffMembers, MAX_COMPARED, MIN_COMPARED } from './diff';
import { explainPost } from './explain';
import { findPost, listAccountPosts, loadMemberAccess, loadSnapshot, resolveMembers } from './queries';

// The team operations the pages, the JSON routes and the CLI share: input checks, lookups, engine.

const memberList = z
  .array(z.string().trim().min(1, 'A member ID is empty'))
  .min(MIN_COMPARED, `Pick at least ${MIN_COMPARED} members to compare`)
  .max(MAX_COMPARED, `Compare at most ${MAX_COMPARED} members at a time`);

function unknownMembers(unknown: string[]): NotFoundError {
  return new NotFoundError(`No Business Center member with ID or e-mail ${unknown.map((id) => `"${id}"`).join(', ')} in the synced data`);
}

/** Side by side comparison of 2–5 members (member keys, TikTok user ids or e-mail addresses), with the Spark posts each can use. */
export async function compareTeamMembers(db: Queryable, { orgId, ids }: { orgId: string; ids: string[] }) {
  const parsed = memberList.safeParse([...new Set(ids)]);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'members');
  const { keys, unknown } = await resolveMembers(db, { orgId, ids: parsed.data });
  if (unknown.length > 0) throw unknownMembers(unknown);
  if (keys.length < MIN_COMPARED) throw ValidationError.field('members', `Those IDs name ${keys.length} member; pick at least ${MIN_COMPARED} different members`);
  const { members, index } = await loadMemberAccess(db, { orgId, memberKeys: keys });
  const posts = await listAccountPosts(db, { orgId, identityAccounts: index.identitiesOfAccounts(members.flatMap((m) => m.spark.map((s) => s.ttAccountId))) });
  return {
    diff: diffMembers(members),
    members: members.map((m) => {
      const usable = usablePosts(m, posts);
      return { memberKey: m.memberKey, name: m.name, email: m.email, pendingOnly: m.pendingOnly, bcs: m.bcs, sparkPosts: new Set(usable.map((p) => p.itemId)).size, sparkUses: usable.length };
    }),
  };
}

const explainInput = z.object({
  member: z.string().trim().min(1, 'Choose a member'),
  post: z
    .string()
    .trim()
    .min(1, 'Choose a post or paste its item ID')
    .regex(/^\d{1,30}$/, 'A post ID is the TikTok item ID: digits only'),
  advertiserId: z.string().trim().min(1).optional(),
});

/** Can this member run this post as a Spark Ad (on this ad account), and if not, the first missing link. */
export async function explainTeamPost(db: Queryable, input: { orgId: string; member: string; post: string; advertiserId?: string; now: Date }) {
  const parsed = explainInput.safeParse(input);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'explain request');
  const { orgId, now } = input;
  const { keys, unknown } = await resolveMembers(db, { orgId, ids: [parsed.data.member] });
  if (unknown.length > 0) throw unknownMembers(unknown);
  const post = await findPost(db, { orgId, itemId: parsed.data.post });
  if (!post) throw new NotFoundError(`Sparkcheck has not seen post ${parsed.data.post} in any synced ad, identity or Spark authorization`);
  // Only the post's own TikTok account or identity matters here; the rest of a large BC is not read.
  const snapshot = await loadSnapshot(db, { orgId, memberKeys: keys, identityIds: [...new Set(post.uses.map((u) => u.identityId))] });
  const index = indexSnapshot(snapshot);
  const member = computeAccess(snapshot, index).get(keys[0]!)!;
  if (parsed.data.advertiserId !== undefined && !snapshot.adAccounts.some((a) => a.advertiserId === parsed.data.advertiserId)) {
    throw new NotFoundError(`No synced ad account ${parsed.data.advertiserId}`);
  }
  return { explanation: explainPost({ member, post, advertiserId: parsed.data.advertiserId, now }, snapshot, index), caption: post.caption };
}
