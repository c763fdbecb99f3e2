import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_ACCESS_TOKEN } from './constants';
import { serveSandbox, toQuery, type TestSandbox } from './test-server';

const opened: TestSandbox[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});

/** Raw response bodies of a fixed conversation with a fresh sandbox. */
async function conversation(seed: string): Promise<string[]> {
  const s = await serveSandbox({ seed });
  opened.push(s);
  const { world } = s.sandbox;
  const us = world.ref('advertiser:northwindUs');
  const code = world.creatorCodes.find((c) => c.kind === 'valid')?.code ?? '';
  const calls: [string, RequestInit?][] = [
    [`bc/get/?${toQuery({})}`],
    [`bc/member/get/?${toQuery({ bc_id: world.ref('bc:brand'), page_size: '20' })}`],
    [`bc/asset/admin/get/?${toQuery({ bc_id: world.ref('bc:brand'), asset_type: 'TT_ACCOUNT' })}`],
    [`identity/get/?${toQuery({ advertiser_id: us, page_size: '100' })}`],
    [`tt_video/list/?${toQuery({ advertiser_id: us, page_size: '50' })}`],
    [`tt_video/authorize/`, { method: 'POST', body: JSON.stringify({ advertiser_id: us, auth_code: code }) }],
    [`tt_video/info/?${toQuery({ advertiser_id: us, auth_code: code })}`],
    [`campaign/get/?${toQuery({ advertiser_id: us })}`],
    [`adgroup/get/?${toQuery({ advertiser_id: us, page_size: '100' })}`],
    [`ad/get/?${toQuery({ advertiser_id: us, page_size: '1000', filtering: { primary_status: 'STATUS_ALL' } })}`],
    [`ad/get/?${toQuery({ advertiser_id: us, page_size: '5000' })}`],
  ];
  const bodies: string[] = [];
  for (const [path, init] of calls) {
    const response = await fetch(s.api(path), { ...init, headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN } });
    bodies.push(await response.text());
  }
  return bodies;
}

describe('determinism', () => {
  it('answers byte-identically for the same seed', async () => {
    const first = await conversation('alpha');
    const second = await conversation('alpha');
    expect(second).toEqual(first);
    expect(first.join('').length).toBeGreaterThan(10_000);
  });

  it('builds a different world for a different seed', async () => {
    const [a, b] = [await conversation('alpha'), await conversation('beta')];
    expect(a[0]).not.toEqual(b[0]);
  });

  it('builds large worlds lazily, independent of the order advertisers are read', async () => {
    const options = { world: { large: { advertisers: 4, adsPerAdvertiser: 300, members: 40, ttAccounts: 30, posts: 200 } } } as const;
    const read = async (order: number[]) => {
      const s = await serveSandbox(options);
      opened.push(s);
      const out = new Map<number, string>();
      for (const i of order) {
        const response = await fetch(`${s.api('ad/get/')}?${toQuery({ advertiser_id: s.sandbox.world.ref(`advertiser:${i}`), page_size: '1000' })}`, {
          headers: { 'Access-Token': SANDBOX_ACCESS_TOKEN },
        });
        // request_id follows the order of requests, so compare the data only.
        out.set(i, JSON.stringify(((await response.json()) as { data: unknown }).data));
      }
      return [0, 1, 2, 3].map((i) => out.get(i));
    };
    expect(await read([3, 1, 0, 2])).toEqual(await read([0, 1, 2, 3]));
  });
});
