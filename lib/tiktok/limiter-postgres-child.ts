// A separate process for the Postgres limiter's multi-process tests:
//   node --conditions=react-server --import tsx lib/tiktok/limiter-postgres-child.ts '{"url":…,"appKey":…,"org":…,"count":…,"clockFile":…,…}'
// Its clock is the simulated time the test writes to `clockFile` (epoch ms), shared by every process.
// Prints one JSON line per granted token, with the simulated time it was noticed at.
import fs from 'node:fs';
import { openDatabase } from '@/db/client';
import { createPostgresLimiter } from './limiter-postgres';

type Args = { url: string; appKey: string; org: string; count: number; concurrency: number; ratePerSecond: number; burst: number; clockFile: string };

const args = JSON.parse(process.argv[2] ?? '{}') as Args;
const now = () => Number(fs.readFileSync(args.clockFile, 'utf8'));
const handle = await openDatabase({ driver: 'postgres', url: args.url, max: args.concurrency });
// Stopped by the test (a failed assertion ends it early): close the connections before exiting.
process.once('SIGTERM', () => void handle.close().finally(() => process.exit(143)));

const limiter = createPostgresLimiter(handle.db, { appKey: args.appKey, ratePerSecond: args.ratePerSecond, burst: args.burst, now });
const print = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);

let remaining = args.count;
try {
  await Promise.all(
    Array.from({ length: args.concurrency }, async () => {
      while (remaining > 0) {
        remaining--;
        await limiter.acquire({ orgId: args.org, endpoint: 'ad/get/' });
        print({ event: 'granted', org: args.org, at: now() });
      }
    }),
  );
} finally {
  await handle.close();
}
