// `npm run cli -- <command>`: Sparkcheck from the shell and from scripts. `--json` prints machine-readable output.
import { migrate, openDatabase, optionsFromEnv, type DatabaseHandle } from '@/db/client';
import { seedDemo } from '@/lib/demo/seed';
import { DEMO_EMAIL, DEMO_ORG_SLUG, DEMO_PASSWORD } from '@/lib/demo/credentials';
import { getKeyring } from '@/lib/connections/tiktok-app';
import { generateKey } from '@/lib/crypto/keyring';
import { rotateConnectionTokens } from '@/lib/crypto/rotate-connections';
import { env } from '@/lib/env';
import { createOrganizationForUser } from '@/lib/tenancy/operator';
import { rotateWebhookSecrets } from '@/lib/alerts/channels';
import { alertEnvironment } from '@/lib/alerts/environment';
import { alertsRunJson, alertsRunSucceeded, describeAlertsRun, runAlertsNow } from './cli/alerts';
import { findCommand, parseFlags, UsageError, wantsJson, type FlagSpec, type ParsedFlags } from './cli/args';
import { applyCodesFromFile, codesApplyJson, codesApplySucceeded, describeCodesApply } from './cli/codes';
import { connectWithAccessToken } from './cli/connect';
import { describeHealth, healthJson, healthReport } from './cli/health';
import { diffMembersCommand, explainMemberCommand } from './cli/members';
import { createProgressDisplay } from './cli/progress';
import { describeSync, syncJson, syncOrganization, syncSucceeded } from './cli/sync';

const USAGE = `Usage: npm run cli -- <command> [flags] [--json]

Commands:
  db migrate    apply the committed migrations to DATABASE_URL (or the embedded PGlite in DATA_DIR)
  seed demo     create the demo organization "${DEMO_ORG_SLUG}" and its login (${DEMO_EMAIL})
  org create --name N --slug S --owner-email E [--kind brand|agency]
                create an organization (kind brand unless given) owned by an existing user
  connect --org S --access-token T [--label L]
                check a TikTok Marketing API access token with TikTok, then store it sealed as a
                connection of organization S that syncs everything the token reaches
  sync --org S [--connection ID] [--wait] [--refresh-permissions]
                sync the organization's active connections (or one) in this process; prints each
                run id as it starts and a summary at the end with its TikTok calls per endpoint;
                --wait also shows live progress. BC members and permissions are read when the
                organization's permission interval has passed, or with --refresh-permissions.
                Exits 1 if a run failed or was partial
  health --org S [--advertiser ID]
                Spark ad health: counts, blocking ads grouped by root cause with the one fix,
                and the ads with blocking or warning findings, worst first
  alerts run --org S
                build the alert digest now (authorizations expiring within the window with renewal
                requests, ads that turned blocking since the last digest), deliver it to the
                organization's e-mail and Slack channels (once per channel and day) and print it.
                Exits 1 if a channel could not be reached
  codes apply --org S --advertiser ID --file codes.txt
                apply up to 20 creator codes from a file (newline, comma, tab or space separated)
                to an ad account, with the page's checks; prints each code's outcome (masked) and,
                for failures, TikTok's answer and what to ask the creator for. Running the same
                command again continues that batch and never applies a code twice. Exits 1 if a
                code failed
  members diff --org S --members ID,ID[,…]
                compare 2–5 Business Center members (TikTok member IDs or e-mails) side by side:
                a sentence per difference in roles, permissions and usable Spark posts
  members explain --org S --member ID --post ITEM_ID [--advertiser ID]
                can the member run the post as a Spark Ad; if not, the first missing link
                (BC permission → member permission → ad-account role → identity) and its fix.
                Unknown members or posts exit 1
  keys rotate   re-seal every stored access token and Slack alert webhook with the active key of
                TOKEN_ENCRYPTION_KEYS
  keys generate print a new keyId:base64 entry for TOKEN_ENCRYPTION_KEYS

Flags for every command: --json (one machine-readable object on stdout), --help.
Exit codes: 0 done, 1 the operation failed, 2 the command line is wrong.
`;

const required = { type: 'string', required: true } as const;
const optional = { type: 'string' } as const;

const COMMANDS = {
  'db migrate': {},
  'seed demo': {},
  'org create': { name: required, slug: required, 'owner-email': required, kind: optional },
  connect: { org: required, 'access-token': required, label: optional },
  sync: { org: required, connection: optional, wait: { type: 'boolean' }, 'refresh-permissions': { type: 'boolean' } },
  health: { org: required, advertiser: optional },
  'alerts run': { org: required },
  'codes apply': { org: required, advertiser: required, file: required },
  'members diff': { org: required, members: required },
  'members explain': { org: required, member: required, post: required, advertiser: optional },
  'keys rotate': {},
  'keys generate': {},
} as const satisfies Record<string, FlagSpec>;

const argv = process.argv.slice(2);
const json = wantsJson(argv);

function print(human: string, data: Record<string, unknown>) {
  console.log(json ? JSON.stringify({ ok: true, ...data }) : human);
}

/** Lines for people while a command works: stdout, or stderr under --json so that stdout stays one object. */
function note(line: string) {
  (json ? process.stderr : process.stdout).write(`${line}\n`);
}

async function withDatabase<T>(work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(optionsFromEnv(env));
  try {
    await migrate(handle, { migrationUrl: env.MIGRATION_DATABASE_URL });
    return await work(handle);
  } finally {
    await handle.close();
  }
}

type CommandName = keyof typeof COMMANDS;

const RUN: { [C in CommandName]: (flags: ParsedFlags<(typeof COMMANDS)[C]>) => Promise<number> } = {
  'db migrate': () =>
    withDatabase(async (handle) => {
      print(`Migrations applied (${handle.driver}).`, { driver: handle.driver });
      return 0;
    }),

  'seed demo': () =>
    withDatabase(async ({ db }) => {
      const { created } = await seedDemo(db);
      print(created ? `Demo organization created: sign in as ${DEMO_EMAIL} / ${DEMO_PASSWORD}` : 'Demo organization already exists; nothing changed.', {
        created,
        org: DEMO_ORG_SLUG,
      });
      return 0;
    }),

  'org create': (flags) =>
    withDatabase(async ({ db }) => {
      const org = await createOrganizationForUser(db, { name: flags.name, slug: flags.slug, kind: flags.kind, ownerEmail: flags['owner-email'] });
      print(`Organization "${org.name}" created (slug ${org.slug}, ${org.kind}), owned by ${org.owner.email}.`, {
        org: { id: org.id, name: org.name, slug: org.slug, kind: org.kind },
        owner: org.owner,
      });
      return 0;
    }),

  connect: (flags) =>
    withDatabase(async (handle) => {
      const { org, connection, discovered } = await connectWithAccessToken(handle, { orgSlug: flags.org, accessToken: flags['access-token'], label: flags.label });
      const names = (items: { id: string; name: string }[]) =>
        items.length === 0
          ? 'none'
          : `${items
              .slice(0, 5)
              .map((i) => `${i.name} (${i.id})`)
              .join(', ')}${items.length > 5 ? `, and ${items.length - 5} more` : ''}`;
      print(
        [
          `Connected "${connection.label}" to ${org.slug}: connection ${connection.id}`,
          `  syncs ${discovered.businessCenters.length} Business Centers: ${names(discovered.businessCenters)}`,
          `  and ${discovered.advertisers.length} ad accounts: ${names(discovered.advertisers)}`,
          `Run \`npm run cli -- sync --org ${org.slug} --wait\` to sync it now.`,
        ].join('\n'),
        { org: org.slug, connection, ...discovered },
      );
      return 0;
    }),

  sync: (flags) =>
    withDatabase(async (handle) => {
      const progress = flags.wait ? createProgressDisplay(json ? process.stderr : process.stdout) : undefined;
      const { org, syncs } = await syncOrganization(
        handle,
        { orgSlug: flags.org, connectionId: flags.connection, refreshPermissions: flags['refresh-permissions'] === true },
        {
          onRunCreated: (run, connection) => {
            progress?.finish();
            note(`Sync run ${run.id} started: ${connection.label} (connection ${connection.id})`);
          },
          onProgress: (step, connection) => progress?.update(connection.label, step),
        },
      );
      progress?.finish();
      const ok = syncSucceeded(syncs);
      if (json) console.log(JSON.stringify({ ok, org: org.slug, runs: syncs.map(syncJson) }));
      else console.log(syncs.map(describeSync).join('\n\n'));
      return ok ? 0 : 1;
    }),

  health: (flags) =>
    withDatabase(async (handle) => {
      const report = await healthReport(handle, { orgSlug: flags.org, advertiserId: flags.advertiser });
      console.log(json ? JSON.stringify(healthJson(report)) : describeHealth(report));
      return 0;
    }),

  'alerts run': (flags) =>
    withDatabase(async (handle) => {
      const { org, run } = await runAlertsNow(handle, alertEnvironment(), { orgSlug: flags.org });
      const ok = alertsRunSucceeded(run);
      console.log(json ? JSON.stringify({ ok, org: org.slug, ...alertsRunJson(run) }) : describeAlertsRun(run));
      return ok ? 0 : 1;
    }),

  'codes apply': (flags) =>
    withDatabase(async (handle) => {
      const result = await applyCodesFromFile(handle, { orgSlug: flags.org, advertiserId: flags.advertiser, file: flags.file });
      console.log(json ? JSON.stringify(codesApplyJson(result)) : describeCodesApply(result));
      return codesApplySucceeded(result) ? 0 : 1;
    }),

  'keys rotate': () =>
    withDatabase(async ({ db }) => {
      const keyring = getKeyring();
      const report = await rotateConnectionTokens(db, keyring);
      const webhooks = await rotateWebhookSecrets(db, keyring);
      const failures = [
        ...report.failed.map((f) => `  ! connection ${f.connectionId} (organization ${f.orgId}): ${f.message}`),
        ...webhooks.failed.map((f) => `  ! Slack alert channel ${f.channelId} (organization ${f.orgId}): ${f.message}`),
      ];
      const ok = failures.length === 0;
      const lines = [
        `Re-sealed ${report.rotated} of ${report.checked} stored access tokens with key "${keyring.active.id}".`,
        `Re-sealed ${webhooks.rotated} of ${webhooks.checked} Slack alert webhooks.`,
        ...failures,
      ];
      print(lines.join('\n'), { ok, activeKey: keyring.active.id, ...report, webhooks });
      return ok ? 0 : 1;
    }),

  'members diff': (flags) =>
    withDatabase(async (handle) => {
      const { human, json: data } = await diffMembersCommand(handle, { orgSlug: flags.org, members: flags.members });
      print(human, data);
      return 0;
    }),

  'members explain': (flags) =>
    withDatabase(async (handle) => {
      const { human, json: data } = await explainMemberCommand(handle, { orgSlug: flags.org, member: flags.member, post: flags.post, advertiser: flags.advertiser });
      print(human, data);
      return 0;
    }),

  'keys generate': async () => {
    const key = generateKey();
    print(key, { key });
    // On stderr, so that `npm run -s cli -- keys generate` captures the entry alone.
    if (!json) console.error('Prepend it to TOKEN_ENCRYPTION_KEYS (new key first, a comma before the old ones), restart, then run `npm run cli -- keys rotate`.');
    return 0;
  },
};

function run<C extends CommandName>(command: C): Promise<number> {
  const flags = parseFlags(argv, command, COMMANDS[command]);
  if (flags.help) {
    console.log(USAGE);
    return Promise.resolve(0);
  }
  return RUN[command](flags);
}

async function main(): Promise<number> {
  const command = findCommand(argv, COMMANDS);
  if (command) return run(command);
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  if (argv.every((arg) => arg.startsWith('-'))) {
    console.error(USAGE);
    return 2;
  }
  throw new UsageError(`Unknown command: ${argv.join(' ')}`);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError;
    console.error(json ? JSON.stringify({ ok: false, error: message }) : `Error: ${message}${usage ? '\n\nRun `npm run cli -- --help` for the commands and their flags.' : ''}`);
    process.exit(usage ? 2 : 1);
  },
);
