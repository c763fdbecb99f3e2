// The layering rules `npm test` checks (scripts/check-layers.mjs runs them; `npx depcruise app
// components lib db instrumentation.ts proxy.ts` shows the same). Product code only: tests,
// scripts, benchmarks and e2e may reach across layers to set things up.

const TESTS = '(\\.test\\.tsx?$|/test-support\\.ts$|/[^/]*fixtures\\.ts$)';

// The modules of lib/health and lib/permissions that read or write the database; every other
// module there is part of the pure engines.
const ENGINE_DATABASE_MODULES = '^lib/(health|permissions)/(.*queries|recompute|refresh|snapshots|previews|ad-detail|team)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-area-cycles',
      comment: 'Areas (each lib/<area>, app, components, db) depend on each other one way: no cycle between two of them, however long.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(lib/[^/]+|app|components|db)$' },
      to: { path: '^(lib/[^/]+|app|components|db)$', circular: true },
    },
    {
      name: 'no-module-cycles',
      comment: 'No module imports itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engines-are-pure',
      comment:
        'The health and permission engines take data in and give findings out: no database, driver, ORM or network module. ' +
        'Types and enum values from db/schema are fine. A module that must query belongs in ' +
        ENGINE_DATABASE_MODULES +
        '.',
      severity: 'error',
      from: { path: '^lib/(health|permissions)/', pathNot: ENGINE_DATABASE_MODULES },
      to: {
        path: [
          '^db/(client|migrations|seed)',
          // lib/tiktok's pure helpers (schemas, tolerant parsing, bc-account-match) are fine; its client, transport and limiters are not.
          '^lib/tiktok/(index|client|transport|limiter[^/]*|pagination)\\.ts$',
          '^lib/(tiktok-sandbox|sync|connections|jobs|alerts|codes|demo|wiring|crypto|auth|tenancy)/',
          '^node_modules/(drizzle-orm|postgres|@electric-sql/pglite|pg-boss|nodemailer|next)/',
          '^(node:)?(http|https|http2|net|tls|dns|dgram|child_process)$',
        ],
      },
    },
    {
      name: 'sandbox-only-in-demo-wiring',
      comment: 'Production code talks to lib/tiktok with a base URL; only the demo wiring (lib/demo) and the sandbox mount (app/sandbox) know the sandbox exists.',
      severity: 'error',
      from: { pathNot: ['^lib/tiktok-sandbox/', '^lib/demo/', '^app/sandbox/'] },
      to: { path: '^lib/tiktok-sandbox/' },
    },
    {
      name: 'components-never-import-app',
      comment: 'app → components → lib → db: a component gets routes\u2019 server actions as props.',
      severity: 'error',
      from: { path: '^components/' },
      to: { path: '^app/' },
    },
    {
      name: 'lib-and-db-never-import-app-or-components',
      comment: 'lib and db sit below the routes and the React components.',
      severity: 'error',
      from: { path: '^(lib|db)/' },
      to: { path: '^(app|components)/' },
    },
    {
      name: 'db-imports-only-env-from-lib',
      comment: 'db is the bottom layer: of lib it reads only the environment (lib/env.ts) for its connection settings.',
      severity: 'error',
      from: { path: '^db/' },
      to: { path: '^lib/', pathNot: '^lib/env\\.ts$' },
    },
    {
      name: 'only-db-client-knows-the-driver',
      comment: 'db/client.ts picks postgres.js or PGlite; everything else goes through Database and executeRows.',
      severity: 'error',
      from: { pathNot: '^db/client\\.ts$' },
      to: { path: '^node_modules/(postgres|@electric-sql/pglite|drizzle-orm/(postgres-js|pglite))(/|$)' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    exclude: { path: [TESTS, '^tests/', '^e2e/', '^\\.next/'] },
    doNotFollow: { path: '^node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
