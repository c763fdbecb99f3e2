// `npm run cli -- <command>`: Sparkcheck from the shell and from scripts. `--json` prints machine-readable output.
import { parseArgs } from 'node:util';
import { migrate, openDatabase, optionsFromEnv } from '@/db/client';
import { seedDemo } from '@/db/seed/demo';
import { DEMO_EMAIL, DEMO_ORG_SLUG, DEMO_PASSWORD } from '@/db/seed/demo-credentials';
import { env } from '@/lib/env';

const USAGE = `Usage: npm run cli -- <command> [--json]

Commands:
  db migrate    apply the committed migrations to DATABASE_URL (or the embedded PGlite in DATA_DIR)
  seed demo     create the demo organization "${DEMO_ORG_SLUG}" and its login (${DEMO_EMAIL})
`;

const { positionals, values } = parseArgs({ allowPositionals: true, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } });
const command = positionals.join(' ');

function print(human: string, data: Record<string, unknown>) {
  console.log(values.json ? JSON.stringify(data) : human);
}

async function main(): Promise<number> {
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const handle = await openDatabase(optionsFromEnv(env));
  try {
    switch (command) {
      case 'db migrate': {
        await migrate(handle);
        print(`Migrations applied (${handle.driver}).`, { ok: true, driver: handle.driver });
        return 0;
      }
      case 'seed demo': {
        await migrate(handle);
        const { created } = await seedDemo(handle.db);
        print(created ? `Demo organization created: sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}` : 'Demo organization already exists; nothing changed.', {
          ok: true,
          created,
          org: DEMO_ORG_SLUG,
        });
        return 0;
      }
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(values.json ? JSON.stringify({ ok: false, error: String(error instanceof Error ? error.message : error) }) : `Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
