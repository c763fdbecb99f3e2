// A separate process for the Postgres limiter's multi-process tests:
//   node --conditions=react-server --import tsx lib/tiktok/limiter-postgres-child.ts '{"url":…,"org":…,"count":…,…}'
// Prints one JSON line when it starts asking, then one per granted token.
import { openDatabase } from '@/db/client';
import { createPostgresLimiter } from './limiter-postgres';

type Args = { url: string; org: string; count: number; concurrency: number; ratePerSecond: number; burst: number };

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const handle = await openDatabase({ driver: 'postgres', url: args.url, max: args.concurrency });
const limiter = createPostgresLimiter(handle.db, { ratePerSecond: args.ratePerSecond, burst: args.burst });
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

let remaining = args.count;
print({ event: 'asking', at: Date.now() });
await Promise.all(
  Array.from({ length: args.concurrency }, async () => {
    while (remaining > 0) {
      remaining--;
      await limiter.acquire({ orgId: args.org, endpoint: 'ad/get/' });
      print({ event: 'granted', org: args.org, at: Date.now() });
    }
  }),
);
await handle.close();
