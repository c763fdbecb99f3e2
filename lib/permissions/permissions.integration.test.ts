import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { connectSandbox, syncSandbox, type TestConnection } from '@/lib/sync/test-support';
import { testDatabases } from '@/tests/databases';
import { serveSandbox } from '@/tests/sandbox-app';
import { indexSnapshot } from './access';
import { findIneffectiveGrants, findRiskySetups } from './findings';
import { listPermissionChanges, loadMatrix, loadSnapshot } from './queries';
import { compareTeamMembers, explainTeamPost } from './team';

// The seeded sandbox world's Business Centers hold members designed to differ (lib/tiktok-sandbox/
// seed-world.ts); synced over HTTP, the team engine must report exactly those differences.

const { sandbox, server } = await serveSandbox({ resetEachTest: true });
const ref = (name: string) => sandbox.world.ref(name);
const user = (name: string) => ref(`user:${name}`);

for (const target of await testDatabases()) {
  describe(`team permissions on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let connection: TestConnection;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());

    const synced = async () => {
      connection = await connectSandbox(handle.db, sandbox.world);
      await syncSandbox(handle.db, server.url, connection);
      return connection;
    };
    const sentences = async (...members: string[]) => (await compareTeamMembers(handle.db, { orgId: connection.orgId, ids: members.map(user) })).diff.differences.map((d) => d.sentence);
    const explain = (member: string, post: string, advertiser?: string) =>
      explainTeamPost(handle.db, {
        orgId: connection.orgId,
        member: member.includes('@') ? member : user(member),
        post: ref(`post:${post}`),
        advertiserId: advertiser && ref(`advertiser:${advertiser}`),
        now: new Date(sandbox.clock.now()),
      });

    it('shows exactly the designed differences between members', async () => {
      await synced();
      expect(await sentences('marco', 'hannah')).toEqual([
        'On ad account Northwind US, Marco Bianchi is Operator; Hannah Schulz is Analyst.',
        "Marco Bianchi can run Spark Ads with @northwind's existing posts on Northwind US; Hannah Schulz cannot.",
      ]);
      expect(await sentences('marco', 'leo')).toEqual([
        'Marco Bianchi has Existing posts on @northwind; Leo Park does not.',
        'Leo Park has LIVE on @northwind; Marco Bianchi does not.',
        "Marco Bianchi can run Spark Ads with @northwind's existing posts on Northwind US; Leo Park cannot.",
      ]);
      // Chloe's Existing posts on @northwind.kitchen and Omar's Direct messages on @northwind.studio are not held by the BC.
      expect(await sentences('chloe', 'omar')).toEqual([
        'On ad account Northwind US, Chloe Martin has no role; Omar Haddad is Operator.',
        'Chloe Martin has LIVE on @northwind.kitchen; Omar Haddad does not.',
        'Omar Haddad has Existing posts on @northwind.studio; Chloe Martin does not.',
        "Omar Haddad can run Spark Ads with @northwind.studio's existing posts on Northwind US; Chloe Martin cannot.",
        'Chloe Martin has an ineffective Existing posts grant on @northwind.kitchen (the Business Center does not hold it); Omar Haddad does not.',
        'Omar Haddad has an ineffective Direct messages grant on @northwind.studio (the Business Center does not hold it); Chloe Martin does not.',
      ]);
      expect(await sentences('dana', 'felix', 'grace', 'ivan')).toEqual([
        'In Business Center Lumen Media, Dana Kim is Admin; Felix Wagner, Grace Liu and Ivan Petrov are Standard.',
        'On ad account Client Co × Lumen, Dana Kim is Admin; Felix Wagner is Operator; Grace Liu is Analyst; Ivan Petrov has no role.',
        'On ad account Lumen Performance, Dana Kim and Ivan Petrov are Admin; Felix Wagner has no role; Grace Liu is Operator.',
        'Dana Kim and Felix Wagner have Existing posts on @clientco; Grace Liu and Ivan Petrov do not.',
        'Dana Kim and Grace Liu have LIVE on @clientco; Felix Wagner and Ivan Petrov do not.',
        'Dana Kim and Grace Liu have Direct messages on @clientco; Felix Wagner and Ivan Petrov do not.',
        'Dana Kim and Ivan Petrov have Existing posts on @lumen.creators; Felix Wagner and Grace Liu do not.',
        "Dana Kim and Felix Wagner can run Spark Ads with @clientco's existing posts on Client Co × Lumen; Grace Liu and Ivan Petrov cannot.",
        "Dana Kim can run Spark Ads with @clientco's existing posts on Lumen Performance; Felix Wagner, Grace Liu and Ivan Petrov cannot.",
        "Dana Kim and Ivan Petrov can run Spark Ads with @lumen.creators' existing posts on Lumen Performance; Felix Wagner and Grace Liu cannot.",
      ]);
      // Both BC Admins of Northwind Goods; Priya was given less, and only Standard in the agency BC.
      const ownerVsPriya = await sentences('owner', 'priya');
      expect(ownerVsPriya).toContain('In Business Center Lumen Media, Sam Rivera is Admin; Priya Nair is Standard.');
      expect(ownerVsPriya).toContain('On ad account Northwind EU, Sam Rivera is Admin; Priya Nair is Operator.');
      expect(ownerVsPriya).toContain('Sam Rivera has Direct messages on @northwind; Priya Nair does not.');
      expect(ownerVsPriya).toContain("Sam Rivera can run Spark Ads with @northwind.studio's existing posts on Northwind US; Priya Nair cannot.");
      expect(ownerVsPriya).toHaveLength(15);
    });

    it('counts the Spark posts each member can use', async () => {
      await synced();
      const { members } = await compareTeamMembers(handle.db, { orgId: connection.orgId, ids: [user('marco'), user('hannah')] });
      // Marco: the @northwind posts Sparkcheck knows of (used by ads, the photo carousel included), on Northwind US.
      expect(members.map((m) => [m.name, m.sparkPosts])).toEqual([
        ['Marco Bianchi', 5],
        ['Hannah Schulz', 0],
      ]);
    });

    it('names the first missing link for each designed case', async () => {
      await synced();
      const link = async (...args: Parameters<typeof explain>) => {
        const { explanation } = await explain(...args);
        return explanation.canUse ? 'can use' : `${explanation.path.advertiserName}: ${explanation.path.firstMissing!.link} — ${explanation.path.firstMissing!.detail}`;
      };
      expect(await link('marco', 'northwind1')).toBe('can use');
      expect(await link('hannah', 'northwind1')).toBe('Northwind US: adAccountRole — Hannah Schulz is only Analyst on Northwind US, which cannot create ads');
      expect(await link('leo', 'northwind1')).toBe('Northwind US: memberPermission — Leo Park is assigned @northwind without Existing posts');
      expect(await link('chloe', 'kitchen1')).toBe('Northwind EU: bcPermission — Northwind Goods does not hold Existing posts on @northwind.kitchen');
      expect(await link('owner', 'outlet1')).toBe('Northwind US: bcPermission — The link of @northwind.outlet to Northwind Goods is pending: the owner has not scanned the QR code');
      expect(await link('owner', 'labs1', 'northwindEu')).toBe('Northwind EU: identity — @northwind.labs is not assigned to ad account Northwind EU');
      expect(await link('new.hire@northwind.example', 'northwind1')).toBe('Northwind US: invitation — new.hire has not accepted the invitation to Northwind Goods');
      expect(await link('grace', 'clientco1')).toBe('Lumen Performance: memberPermission — Grace Liu is assigned @clientco without Existing posts');
      expect(await link('hannah', 'mia1')).toBe('Northwind US: adAccountRole — Hannah Schulz is only Analyst on Northwind US, which cannot create ads');
      expect(await link('marco', 'mia1')).toBe('can use');
      // The post checks of ad health: the same posts' ads are Blocking on the Ads page.
      expect(await link('marco', 'theoDeleted')).toBe('Northwind US: post — Post deleted (USER_DELETE)');
      expect(await link('marco', 'theoPrivate')).toBe('Northwind US: post — Post private (ONLY_AUTHOR_SEE)');
      expect(await link('marco', 'avaCarouselDuet')).toBe('Northwind US: post — Post format not supported: duet carousel');
      expect(await link('marco', 'northwindCarousel')).toBe('can use');
    });

    it('rejects unknown members and posts with errors that name them', async () => {
      await synced();
      await expect(compareTeamMembers(handle.db, { orgId: connection.orgId, ids: [user('marco'), '999', 'nobody@x.example'] })).rejects.toThrow(
        new NotFoundError('No Business Center member with ID or e-mail "999", "nobody@x.example" in the synced data'),
      );
      await expect(compareTeamMembers(handle.db, { orgId: connection.orgId, ids: [user('marco')] })).rejects.toThrow(ValidationError);
      await expect(explainTeamPost(handle.db, { orgId: connection.orgId, member: user('marco'), post: '123', now: new Date() })).rejects.toThrow(
        'Sparkcheck has not seen post 123 in any synced ad, identity or Spark authorization',
      );
      // Another organization's members do not exist here.
      const other = await connectSandbox(handle.db, sandbox.world);
      await expect(compareTeamMembers(handle.db, { orgId: other.orgId, ids: [user('marco'), user('hannah')] })).rejects.toThrow(NotFoundError);
    });

    it('lists ineffective grants, risky setups and a matrix page', async () => {
      await synced();
      const snapshot = await loadSnapshot(handle.db, { orgId: connection.orgId });
      const index = indexSnapshot(snapshot);
      expect(findIneffectiveGrants(snapshot, index).map((g) => [g.memberName, g.ttAccountName, g.permissions])).toEqual([
        ['Chloe Martin', '@northwind.kitchen', ['POST']],
        ['Omar Haddad', '@northwind.studio', ['DIRECT_MESSAGE']],
      ]);
      expect(findRiskySetups(snapshot, index).map((r) => [r.kind, r.memberName])).toEqual([
        ['pendingOnly', 'freelancer'],
        ['pendingOnly', 'new.hire'],
      ]);
      const matrix = await loadMatrix(handle.db, { orgId: connection.orgId, bcId: ref('bc:brand'), text: 'mar', page: 1, assetPage: 1 });
      // Text matches names and e-mails: "mar" is in Chloe Martin, Marco Bianchi and Omar Haddad.
      expect(matrix.rows.map((r) => r.name)).toEqual(['Chloe Martin', 'Marco Bianchi', 'Omar Haddad']);
      expect(matrix.assets.map((a) => a.name)).toEqual(['Northwind EU', 'Northwind US', '@northwind', '@northwind.kitchen', '@northwind.labs', '@northwind.outlet', '@northwind.studio']);
      const pending = await loadMatrix(handle.db, { orgId: connection.orgId, role: 'PENDING', assetType: 'ADVERTISER', page: 1, assetPage: 1 });
      expect(pending.rows.map((r) => [r.name, r.pending])).toEqual([
        ['freelancer', true],
        ['new.hire', true],
      ]);
      expect(pending.cells.map((c) => c.advertiserRole).sort()).toEqual(['ANALYST', 'OPERATOR']);
    });

    it('shows a permission change made in the sandbox in the history after the next sync', async () => {
      await synced();
      const mutate = await fetch(`${server.url}/_control/mutate`, {
        method: 'POST',
        body: JSON.stringify({ op: 'setMemberTtAccountRoles', bcId: ref('bc:brand'), user: user('marco'), ttAccountId: ref('tt:northwind'), roles: [] }),
      });
      expect(mutate.status).toBe(200);
      const run = await syncSandbox(handle.db, server.url, connection);
      const { changes, total } = await listPermissionChanges(handle.db, { orgId: connection.orgId, member: 'marco', page: 1 });
      expect(total).toBe(1);
      expect(changes[0]).toMatchObject({ syncRunId: run.id, memberName: 'Marco Bianchi', assetName: '@northwind', change: 'lost', before: ['POST'], after: [] });
      expect((await listPermissionChanges(handle.db, { orgId: connection.orgId, change: 'gained', page: 1 })).total).toBe(0);
      expect((await listPermissionChanges(handle.db, { orgId: connection.orgId, asset: '@northwind', to: new Date(0), page: 1 })).total).toBe(0);
      // And the engine follows: Marco can no longer use @northwind's posts.
      expect(await sentences('marco', 'hannah')).toEqual([
        'On ad account Northwind US, Marco Bianchi is Operator; Hannah Schulz is Analyst.',
        'Hannah Schulz has Existing posts on @northwind; Marco Bianchi does not.',
      ]);
    });
  });
}
