import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { adHealth, auditLog, codeBatchItems, tiktokConnections, ttSparkPosts } from '@/db/schema';
import { parseKeyring } from '@/lib/crypto/keyring';
import { NotFoundError, ValidationError } from '@/lib/errors';
import { hashAuthCode } from '@/lib/sync';
import { connectSandbox, sandboxClientOptions, syncSandbox, type TestConnection } from '@/lib/sync/test-support';
import { SPARK_CODE_ERRORS, type CreatorCodeCase, type CreatorCodeKind } from '@/lib/tiktok-sandbox';
import { testDatabases } from '@/tests/databases';
import { serveSandbox } from '@/tests/sandbox-app';
import { executeCodeBatchJob } from '@/lib/jobs/code-batch-jobs';
import { submitCodeBatch } from './apply';
import { previewCodes } from './preview';
import { codeBatchCsv } from './csv';
import { getCodeBatch } from './queries';
import type { CodeBatchRequest } from './schemas';
import type { CodesEnv } from './tiktok';

// Batches of creator codes against the sandbox over real HTTP; world.creatorCodes is the oracle.

const { sandbox, server } = await serveSandbox({ resetEachTest: true });
const keyring = parseKeyring(`test:${randomBytes(32).toString('base64')}`);
const eu = sandbox.world.ref('advertiser:northwindEu');
const us = sandbox.world.ref('advertiser:northwindUs');

/** Every authorize request sent, and those TikTok answered with success, per `advertiser:code`. */
let sent: string[] = [];
let succeeded: string[] = [];
beforeEach(() => {
  sent = [];
  succeeded = [];
});

const countingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (String(input instanceof Request ? input.url : input).includes('tt_video/authorize/')) {
    const body = JSON.parse(String(init?.body)) as { advertiser_id: string; auth_code: string };
    const key = `${body.advertiser_id}:${body.auth_code}`;
    sent.push(key);
    const answer = (await response
      .clone()
      .json()
      .catch(() => null)) as { code?: number } | null;
    if (answer?.code === 0) succeeded.push(key);
  }
  return response;
};

const env = (overrides: Parameters<typeof sandboxClientOptions>[1] = {}): CodesEnv => ({
  keyring,
  clientOptions: async () => sandboxClientOptions(server.url, { fetch: countingFetch, ...overrides }),
});

const codes = (kind: CreatorCodeKind, n: number, where: (c: CreatorCodeCase) => boolean = () => true) => {
  const found = sandbox.world.creatorCodes.filter((c) => c.kind === kind && where(c)).slice(0, n);
  if (found.length < n) throw new Error(`only ${found.length} ${kind} codes`);
  return found;
};
/** What an item should end as when the code is applied to `advertiserId`. */
const expectedOutcome = (c: CreatorCodeCase, advertiserId: string) =>
  c.appliedTo.includes(advertiserId)
    ? { state: 'already_applied', tiktokMessage: null }
    : c.error === null
      ? { state: 'applied', tiktokMessage: null }
      : { state: 'failed', tiktokMessage: SPARK_CODE_ERRORS[c.error].message };

const count = (list: string[], key: string) => list.filter((k) => k === key).length;

for (const target of await testDatabases()) {
  describe(`creator-code batches on ${target.name}`, () => {
    let handle: DatabaseHandle;
    let connection: TestConnection;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => handle.close());
    beforeEach(async () => {
      connection = await connectSandbox(handle.db, sandbox.world);
      expect((await syncSandbox(handle.db, server.url, connection)).status).toBe('succeeded');
    });

    const submit = (request: Omit<CodeBatchRequest, 'skipCodes'> & { skipCodes?: string[] }, key = randomUUID(), e = env()) =>
      submitCodeBatch(handle.db, e, { orgId: connection.orgId, actorId: null, idempotencyKey: key, request: { skipCodes: [], ...request }, source: 'web', now: new Date(sandbox.clock.now()) });
    // The worker's path: the batch runs as its organization (row-level security on Postgres).
    const run = (batchId: string, options: { retryFailed?: boolean } = {}, e = env()) => executeCodeBatchJob(handle, () => e, { orgId: connection.orgId, batchId, ...options });
    const batch = async (batchId: string) => {
      const view = await getCodeBatch(handle.db, { orgId: connection.orgId, batchId });
      if (!view) throw new Error('batch not found');
      return view;
    };

    it('gives a 20-code batch of valid, expired, malformed, already applied and deleted-post codes exactly the expected outcome per code', async () => {
      const mix = [
        ...codes('valid', 10),
        ...codes('expired', 3),
        ...codes('malformed', 2, (c) => !c.code.includes(' ')),
        ...codes('already_applied', 3, (c) => c.appliedTo.includes(eu)),
        ...codes('deleted_post', 2),
      ];
      expect(mix).toHaveLength(20);
      const { batchId, created } = await submit({ codes: mix.map((c) => c.code), advertiserIds: [eu] });
      expect(created).toBe(true);
      expect(await run(batchId)).toBe('finished');

      const view = await batch(batchId);
      expect(view.finishedAt).not.toBeNull();
      expect(view.items).toHaveLength(20);
      for (const [i, c] of mix.entries()) {
        const item = view.items[i]!;
        expect({ state: item.state, tiktokMessage: item.tiktokMessage }, `${c.kind} ${c.code}`).toEqual(expectedOutcome(c, eu));
        if (item.state === 'failed') expect(item.reason, c.kind).toBeTruthy();
        if (c.kind === 'valid') expect(item.preview).toMatchObject({ itemId: c.itemId, handle: expect.any(String) as unknown, authStatus: 'NOT_AUTHORIZED' });
      }
      expect(view.counts).toMatchObject({ applied: 10, already_applied: 3, failed: 7 });
      // Codes are credentials: applied ones are forgotten, history only has the masked form.
      const stored = await handle.db.select().from(codeBatchItems).where(eq(codeBatchItems.batchId, batchId));
      for (const row of stored) {
        if (row.state === 'applied' || row.state === 'already_applied') expect(row.codeSealed).toBeNull();
        expect(JSON.stringify(row)).not.toContain(mix[row.position]!.code);
      }
      // Failed codes were refused by tt_video/info already; nothing was sent that could not apply.
      expect(new Set(sent)).toEqual(new Set([...codes('valid', 10), ...codes('expired', 3), ...codes('already_applied', 3, (c) => c.appliedTo.includes(eu))].map((c) => `${eu}:${c.code}`)));
      // The ledger shows the new authorizations without another sync.
      const ledger = await handle.db
        .select({ hash: ttSparkPosts.authCodeSha256 })
        .from(ttSparkPosts)
        .where(and(eq(ttSparkPosts.orgId, connection.orgId), eq(ttSparkPosts.advertiserId, eu), isNull(ttSparkPosts.removedAt)));
      const hashes = new Set(ledger.map((r) => r.hash));
      for (const c of codes('valid', 10)) expect(hashes.has(hashAuthCode(c.code))).toBe(true);
      // …and ad health is recomputed from it.
      expect((await handle.db.select({ adId: adHealth.adId }).from(adHealth).where(eq(adHealth.orgId, connection.orgId))).length).toBeGreaterThan(0);
      const actions = (await handle.db.select().from(auditLog).where(eq(auditLog.orgId, connection.orgId))).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['code_batch.submitted', 'code_batch.applied']));
    });

    it('gives every seeded creator code its intended outcome, in batches of 20 on two ad accounts', async () => {
      const all = sandbox.world.creatorCodes;
      for (let i = 0; i < all.length; i += 20) {
        const part = all.slice(i, i + 20);
        const { batchId } = await submit({ codes: part.map((c) => c.code), advertiserIds: [eu, us] });
        expect(await run(batchId)).toBe('finished');
        const view = await batch(batchId);
        for (const item of view.items) {
          const c = part[item.position]!;
          expect({ state: item.state, tiktokMessage: item.tiktokMessage }, `${c.kind} ${c.code} on ${item.advertiserId}`).toEqual(expectedOutcome(c, item.advertiserId));
        }
      }
      for (const key of succeeded) expect(count(succeeded, key), key).toBe(1);
    });

    it('returns the same batch for the same key and body and changes nothing; another body with that key is a 422', async () => {
      const request = { codes: codes('valid', 4).map((c) => c.code), advertiserIds: [us] };
      const key = randomUUID();
      const first = await submit(request, key);
      await run(first.batchId);
      const before = await batch(first.batchId);
      const callsBefore = sent.length;

      const again = await submit(request, key);
      expect(again).toEqual({ batchId: first.batchId, created: false });
      expect(await run(again.batchId)).toBe('finished');
      const after = await batch(first.batchId);
      expect(after.items).toEqual(before.items);
      expect(sent).toHaveLength(callsBefore);

      await expect(submit({ ...request, codes: request.codes.slice(1) }, key)).rejects.toThrow(ValidationError);
      await expect(submit({ ...request, advertiserIds: [eu] }, key)).rejects.toMatchObject({ status: 422, message: expect.stringMatching(/different batch/) as unknown });
    });

    it('applies each code once when the same submission arrives 10 times at once', async () => {
      const picked = codes('valid', 6);
      const request = { codes: picked.map((c) => c.code), advertiserIds: [us, eu] };
      const key = randomUUID();
      const results = await Promise.all(
        Array.from({ length: 10 }, async () => {
          const submitted = await submit(request, key);
          return { ...submitted, outcome: await run(submitted.batchId) };
        }),
      );
      expect(new Set(results.map((r) => r.batchId)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(results.some((r) => r.outcome === 'finished')).toBe(true);
      const view = await batch(results[0]!.batchId);
      expect(view.items.map((i) => i.state)).toEqual(Array(12).fill('applied'));
      for (const c of picked) {
        for (const advertiserId of [us, eu]) {
          expect(count(sent, `${advertiserId}:${c.code}`)).toBe(1);
          expect(sandbox.world.authorization(advertiserId, c.itemId!)?.authCode).toBe(c.code);
        }
      }
    });

    it('ends every item definite and applies nothing twice under 50000s, timeouts and rate limits, then retries only failed items', async () => {
      const picked = [...codes('valid', 8), ...codes('expired', 2)];
      sandbox.faults.configure({
        hangMs: 2_000,
        script: [
          { path: 'tt_video/authorize', faults: ['error_50000', 'timeout', 'error_50000', 'error_50000', 'timeout', 'error_50000', 'error_50000', 'error_50000', 'error_50000', 'error_50000'] },
        ],
      });
      sandbox.rateLimits.configure({ globalQps: 4 });
      const fast = env({ timeoutMs: 300 });
      const { batchId } = await submit({ codes: picked.map((c) => c.code), advertiserIds: [us] }, randomUUID(), fast);
      expect(await run(batchId, {}, fast)).toBe('finished');

      const view = await batch(batchId);
      // The faults did happen: more authorize requests than codes.
      expect(sent.length).toBeGreaterThan(picked.length);
      expect(view.items.every((i) => ['applied', 'already_applied', 'failed'].includes(i.state))).toBe(true);
      for (const key of new Set(succeeded)) expect(count(succeeded, key), key).toBe(1);
      for (const item of view.items) {
        const c = picked[item.position]!;
        const onTikTok = sandbox.world.authorization(us, c.itemId!)?.authCode === c.code;
        // What the item says is what TikTok has: applied means applied, anything else means not.
        expect(onTikTok, `${c.kind} ${item.state} ${item.tiktokMessage ?? ''}`).toBe(item.state === 'applied');
        if (c.kind === 'expired') expect(item.state).toBe('failed');
      }

      sandbox.faults.clear();
      sandbox.rateLimits.configure({ globalQps: null });
      const failedBefore = view.items.filter((i) => i.state === 'failed').length;
      sent = [];
      expect(await run(batchId, { retryFailed: true })).toBe('finished');
      const retried = await batch(batchId);
      expect(sent.length).toBeLessThanOrEqual(failedBefore);
      for (const item of retried.items) expect({ state: item.state }, picked[item.position]!.kind).toEqual({ state: picked[item.position]!.kind === 'valid' ? 'applied' : 'failed' });
      for (const key of new Set(succeeded)) expect(count(succeeded, key), key).toBe(1);
    });

    it('asks the next sync to read team permissions again when TikTok refuses a code for lack of permission', async () => {
      const requested = async () =>
        (await handle.db.select({ at: tiktokConnections.permissionsRequestedAt }).from(tiktokConnections).where(eq(tiktokConnections.id, connection.connectionId)))[0]?.at ?? null;
      // An expired code is the creator's problem: permissions stay as they are.
      const expired = await submit({ codes: codes('expired', 1).map((c) => c.code), advertiserIds: [us] });
      expect(await run(expired.batchId)).toBe('finished');
      expect(await requested()).toBeNull();

      const refusing: typeof fetch = async (input, init) =>
        String(input instanceof Request ? input.url : input).includes('tt_video/authorize/')
          ? Response.json({ code: 40001, message: 'No permission to operate advertiser', request_id: 'r', data: {} })
          : fetch(input, init);
      const refused = await submit({ codes: codes('valid', 1).map((c) => c.code), advertiserIds: [us] });
      expect(await run(refused.batchId, {}, env({ fetch: refusing }))).toBe('finished');
      expect((await batch(refused.batchId)).items[0]).toMatchObject({ state: 'failed', tiktokCode: 40001 });
      expect(await requested()).toBeInstanceOf(Date);
    });

    it('continues a batch a crash left behind: an applying item is checked on TikTok before it is sent again', async () => {
      const [done, notDone, untouched] = codes('valid', 3);
      const { batchId } = await submit({ codes: [done!.code, notDone!.code, untouched!.code], advertiserIds: [us] });
      const items = await handle.db.select().from(codeBatchItems).where(eq(codeBatchItems.batchId, batchId));
      const byCode = (c: CreatorCodeCase) => items.find((i) => i.codeSha256 === hashAuthCode(c.code))!;
      // The crashed run had sent the first code (TikTok applied it) and claimed the second; both leases ran out.
      for (const c of [done!, notDone!]) {
        await handle.db
          .update(codeBatchItems)
          .set({ state: 'applying', attempts: 1, leaseUntil: new Date(Date.now() - 1000) })
          .where(eq(codeBatchItems.id, byCode(c).id));
      }
      sandbox.world.applyCreatorCode(us, sandbox.world.sparkCodes.get(done!.code)!);

      expect(await run(batchId)).toBe('finished');
      const view = await batch(batchId);
      expect(view.items.map((i) => i.state)).toEqual(['applied', 'applied', 'applied']);
      expect(count(sent, `${us}:${done!.code}`)).toBe(0);
      expect(count(sent, `${us}:${notDone!.code}`)).toBe(1);
      expect(count(sent, `${us}:${untouched!.code}`)).toBe(1);
    });

    it('records codes left out at preview as skipped, never sends them, and keeps no copy of them', async () => {
      const picked = codes('valid', 2).map((c) => c.code);
      const { batchId } = await submit({ codes: picked, advertiserIds: [us], skipCodes: picked });
      expect(await run(batchId)).toBe('finished');
      const view = await batch(batchId);
      expect(view.items.map((i) => i.state)).toEqual(['skipped', 'skipped']);
      expect(view.finishedAt).not.toBeNull();
      expect(sent).toEqual([]);
      const stored = await handle.db.select({ sealed: codeBatchItems.codeSealed }).from(codeBatchItems).where(eq(codeBatchItems.batchId, batchId));
      expect(stored.map((r) => r.sealed)).toEqual([null, null]);
    });

    it('keeps why each code was left out at preview, and what to ask the creator for, in the results and the CSV', async () => {
      const [expired] = codes('expired', 1);
      const [malformed] = codes('malformed', 1, (c) => !c.code.includes(' '));
      const [deleted] = codes('deleted_post', 1);
      const [unknown] = codes('unknown', 1);
      const [applied] = codes('already_applied', 1, (c) => c.appliedTo.includes(eu));
      const [unticked] = codes('valid', 1);
      const picked = [expired!, malformed!, deleted!, unknown!, applied!, unticked!].map((c) => c.code);
      const rows = await previewCodes(handle.db, env(), { orgId: connection.orgId, codes: picked, advertiserIds: [eu], now: new Date(sandbox.clock.now()) });
      // What the page sends: the preview's refusal and facts of every code left out.
      const skipDetails = rows.map((r) => ({ code: r.code, refusal: r.refusal && { code: r.refusal.code, message: r.refusal.message }, facts: r.facts }));
      const { batchId } = await submit({ codes: picked, advertiserIds: [eu], skipCodes: picked, skipDetails });
      expect(await run(batchId)).toBe('finished');
      expect(sent).toEqual([]);
      const view = await batch(batchId);
      expect(view.items.map((i) => i.state)).toEqual(Array(6).fill('skipped'));
      const said = view.items.map((i) => [i.reason, i.askCreator]);
      expect(said[0]![0]).toMatch(/^Left out at preview and not sent: the code (expired|had expired)/);
      expect(said[0]![1]).toMatch(/A new code for the same post/);
      expect(said[1]).toEqual([expect.stringMatching(/does not recognise this as a creator code/) as unknown, expect.stringMatching(/copied in full/) as unknown]);
      expect(said[2]).toEqual([expect.stringMatching(/post behind this code was deleted/) as unknown, expect.stringMatching(/post that is still live/) as unknown]);
      expect(said[3]).toEqual([expect.stringMatching(/TikTok does not know this code/) as unknown, expect.stringMatching(/send a new code/) as unknown]);
      expect(said[4]).toEqual([expect.stringMatching(/already applied to this ad account/) as unknown, null]);
      expect(said[5]).toEqual(['Left out at preview and not sent: you unticked it.', null]);
      // The creator and post the preview read stay with the skipped code.
      expect(view.items[5]!.preview?.itemId).toBe(unticked!.itemId);

      const csv = codeBatchCsv(view).split('\r\n');
      expect(csv[0]).toBe('code,ad_account_id,ad_account,outcome,creator,post_id,authorization_ends (UTC),tiktok_code,tiktok_message,reason,ask_creator_for');
      expect(csv[2]).toContain('skipped');
      expect(csv[2]).toContain('does not recognise this as a creator code');
      expect(csv[2]).toContain('auth_code_format_error');
      expect(csv[4]).toContain('TikTok does not know this code');
      expect(csv[6]).toContain('you unticked it.');
      expect(codeBatchCsv(view, 'Europe/Berlin').split('\r\n')[0]).toContain('authorization_ends (Europe/Berlin)');
    });

    it('lets another run alone while one holds the batch', async () => {
      const { batchId } = await submit({ codes: codes('valid', 2).map((c) => c.code), advertiserIds: [us] });
      const [first, second] = await Promise.all([run(batchId), run(batchId)]);
      expect([first, second].sort()).toEqual(['busy', 'finished']);
    });

    it('refuses state moves the state machine does not allow, in the database itself', async () => {
      const { batchId } = await submit({ codes: codes('valid', 1).map((c) => c.code), advertiserIds: [us] });
      await run(batchId);
      const [item] = await handle.db.select().from(codeBatchItems).where(eq(codeBatchItems.batchId, batchId));
      await expect(handle.db.update(codeBatchItems).set({ state: 'applying' }).where(eq(codeBatchItems.id, item!.id))).rejects.toThrow();
      await expect(handle.db.update(codeBatchItems).set({ state: 'pending' }).where(eq(codeBatchItems.id, item!.id))).rejects.toThrow();
      await expect(handle.db.insert(codeBatchItems).values({ ...item!, id: randomUUID(), advertiserId: eu, state: 'applied', codeSealed: null })).rejects.toThrow();
      expect((await batch(batchId)).items[0]?.state).toBe('applied');
    });

    it('previews codes with their post, window and pre-flight warnings, and changes nothing', async () => {
      const valid = codes('valid', 1, (c) => c.days === 7)[0]!;
      const applied = codes('already_applied', 1, (c) => c.appliedTo.includes(eu))[0]!;
      const [privatePost] = codes('private_post', 1);
      const [deleted] = codes('deleted_post', 1);
      const [malformed] = codes('malformed', 1, (c) => !c.code.includes(' '));
      const rows = await previewCodes(handle.db, env(), {
        orgId: connection.orgId,
        codes: [valid.code, applied.code, privatePost!.code, deleted!.code, malformed!.code],
        advertiserIds: [eu],
        now: new Date(sandbox.clock.now()),
      });
      const kinds = (i: number) => rows[i]!.targets[0]!.warnings.map((w) => w.kind);
      expect(rows[0]).toMatchObject({ masked: expect.stringMatching(/^#.{3}…/) as unknown, facts: { itemId: valid.itemId, handle: expect.any(String) as unknown } });
      expect(kinds(0)).toEqual(expect.arrayContaining(['expires_within_window', 'caption_locked']));
      expect(kinds(1)).toContain('already_applied');
      expect(kinds(2)).toContain('private_will_become_public');
      expect(kinds(3)).toEqual(['post_deleted']);
      expect(kinds(4)).toEqual(['invalid_code']);
      expect(rows[4]!.refusal?.askCreator).toBeTruthy();
      expect(sent).toEqual([]);
    });

    it('refuses an ad account that is not the organization’s with a 404', async () => {
      await expect(submit({ codes: codes('valid', 1).map((c) => c.code), advertiserIds: ['1234567890'] })).rejects.toThrow(NotFoundError);
      const other = await connectSandbox(handle.db, sandbox.world, { advertiserIds: [eu] });
      await expect(
        submitCodeBatch(handle.db, env(), {
          orgId: other.orgId,
          actorId: null,
          idempotencyKey: randomUUID(),
          request: { codes: codes('valid', 1).map((c) => c.code), advertiserIds: [us], skipCodes: [] },
          source: 'web',
        }),
      ).rejects.toThrow(NotFoundError);
    });
  });
}
