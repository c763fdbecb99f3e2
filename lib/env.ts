import { z } from 'zod';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/, error: 'DATABASE_URL must be a postgres:// or postgresql:// URL' }).optional()),
  /** The owner of the tables, for migrations only (defaults to DATABASE_URL). */
  MIGRATION_DATABASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^postgres(ql)?$/, error: 'MIGRATION_DATABASE_URL must be a postgres:// or postgresql:// URL' }).optional()),
  /** The address people reach the app at (e.g. https://sparkcheck.example.com): the only origin allowed to change anything, and the origin of links we send. Unset: the address each request was sent to (dev, demo); e-mailed links then refuse to go out in production outside demo mode. */
  APP_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/, error: 'APP_URL must be an http:// or https:// URL, e.g. https://sparkcheck.example.com' }).optional()),
  /** Demo mode: the token that opens /sandbox/_control/* (header X-Sandbox-Control-Token); unset = a new one per start, printed. */
  SANDBOX_CONTROL_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'SANDBOX_CONTROL_TOKEN must be at least 16 characters').optional()),
  /** Sign-ups allowed per client address and hour (abuse limit; the address comes from the front server's X-Forwarded-For). */
  SIGNUPS_PER_IP_PER_HOUR: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100_000).default(10)),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.data')),
  DEMO: z.preprocess(emptyToUndefined, z.enum(['0', '1']).optional()),
  AUTH_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'AUTH_SECRET must be at least 32 characters').optional()),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  /** Where the TikTok client sends requests; unset in demo mode = the sandbox mounted in this app. */
  TIKTOK_API_BASE_URL: z.preprocess(emptyToUndefined, z.url().optional()),
  TIKTOK_APP_ID: z.preprocess(emptyToUndefined, z.string().optional()),
  TIKTOK_APP_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Requests per second for the whole TikTok app, shared by every process. */
  /** `0`: this process only serves pages and queues jobs; `npm run worker` processes work them. */
  WORKERS: z.preprocess(emptyToUndefined, z.enum(['0', '1'], { error: 'WORKERS must be 0 or 1' }).default('1')),
  TIKTOK_RATE_LIMIT_RPS: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(1000).default(8)),
  /** `keyId:base64key[,…]`, active key first; parsed and checked by lib/crypto/keyring.ts. */
  TOKEN_ENCRYPTION_KEYS: z.preprocess(emptyToUndefined, z.string().optional()),
  /** Where alert e-mails go out (`smtp://user:pass@host:587`, `smtps://…:465`); unset = kept in the outbox page. */
  SMTP_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^smtps?$/, error: 'SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587' }).optional()),
  /** How many reverse proxies stand in front of `npm start`; the client address is the Nth X-Forwarded-For entry from the right (0 = the socket's). Read by scripts/server.mjs. */
  TRUSTED_PROXIES: z.preprocess(emptyToUndefined, z.coerce.number({ error: 'TRUSTED_PROXIES must be a whole number from 0 to 10' }).int().min(0).max(10).default(0)),
  /** The From of alert and account e-mails. */
  ALERTS_FROM: z.preprocess(emptyToUndefined, z.string().min(3).default('Sparkcheck <alerts@sparkcheck.local>')),
});

export type Env = z.infer<typeof envSchema>;

/** Parses the environment; a bad value stops the process with the variable named. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const env = readEnv();

/** Demo mode: the embedded default (no DATABASE_URL) or DEMO=1 on a real database. */
export function isDemoMode(e: Env = env): boolean {
  return e.DEMO === '1' || (e.DEMO !== '0' && !e.DATABASE_URL);
}
