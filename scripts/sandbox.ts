import { parseArgs } from 'node:util';
import { z } from 'zod';
import { validateFlags, WORLD_SIZE_USAGE, worldSizeFields, worldSizeFrom, worldSizeOptions } from './world-size-flags';
import { createSandbox, SANDBOX_ACCESS_TOKEN, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_EPOCH, SANDBOX_SEED, startSandboxServer } from '../lib/tiktok-sandbox';

const USAGE = `Usage: npm run sandbox -- [options]

  --port N                 port to listen on (default 4010; 0 picks a free one)
  --host HOST              interface to bind (default 127.0.0.1)
  --base-path PATH         serve under a path prefix, e.g. /sandbox (default none)
  --seed S                 world seed (default ${SANDBOX_SEED})
  --world seed|large       the hand-made world (default) or a generated one
  ${WORLD_SIZE_USAGE}
                           sizes of a large world
  --frozen                 freeze the clock (at --start, default ${SANDBOX_EPOCH.toISOString()}) for byte-identical answers
  --start ISO              the sandbox's "now" at start
  --no-rate-limit          turn rate limiting off
  --latency MS             add latency to every API response
  --fault-rate P           fail this share of API calls with a random fault`;

const count = z.coerce.number().int().min(0);
const cliSchema = z.object({
  ...worldSizeFields,
  port: z.coerce.number().int().min(0).max(65535).default(4010),
  host: z.string().default('127.0.0.1'),
  'base-path': z.string().default(''),
  seed: z.string().min(1).default(SANDBOX_SEED),
  world: z.enum(['seed', 'large']).default('seed'),
  frozen: z.boolean().default(false),
  start: z.iso.datetime().optional(),
  'no-rate-limit': z.boolean().default(false),
  latency: count.optional(),
  'fault-rate': z.coerce.number().min(0).max(1).optional(),
  help: z.boolean().default(false),
});

async function main(): Promise<void> {
  const text = { type: 'string' } as const;
  const flag = { type: 'boolean' } as const;
  const { values } = parseArgs({
    options: {
      port: text,
      host: text,
      'base-path': text,
      seed: text,
      world: text,
      ...worldSizeOptions,
      frozen: flag,
      start: text,
      'no-rate-limit': flag,
      latency: text,
      'fault-rate': text,
      help: flag,
    },
  });
  const args = validateFlags(cliSchema, values, USAGE);
  const size = worldSizeFrom(args);
  if (!size.ok) {
    console.error(size.message);
    process.exit(2);
  }
  const large = size.world;
  const sandbox = createSandbox({
    seed: args.seed,
    world: args.world === 'large' ? { large } : 'seed',
    clock: args.frozen ? 'frozen' : 'running',
    start: args.start === undefined ? undefined : new Date(args.start),
    basePath: args['base-path'],
    rateLimits: args['no-rate-limit'] ? false : {},
    faults: { latencyMs: args.latency, probability: args['fault-rate'] },
  });
  const server = await startSandboxServer(sandbox, { port: args.port, host: args.host });
  const { counts, now } = sandbox.describe();
  console.log(`TikTok sandbox listening on ${server.url}`);
  console.log(`  API base       ${server.url}/open_api/v1.3/`);
  console.log(`  access token   ${SANDBOX_ACCESS_TOKEN}`);
  console.log(`  app            app_id=${SANDBOX_APP_ID} secret=${SANDBOX_APP_SECRET}`);
  console.log(`  OAuth consent  ${server.url}/portal/auth?app_id=${SANDBOX_APP_ID}&redirect_uri=<your callback>&state=<state>`);
  console.log(`  controls       ${server.url}/_control/state, /_control/manifest`);
  console.log(`  world          ${args.world}, seed ${args.seed}, now ${now}, ${JSON.stringify(counts)}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
