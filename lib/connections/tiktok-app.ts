import 'server-only';
import type { Database } from '@/db/client';
import { loadKeyring, type Keyring } from '@/lib/crypto/keyring';
import { env } from '@/lib/env';
import { createPostgresLimiter, createTikTokClient, type CallCounter, type Limiter, type TikTokClient } from '@/lib/tiktok';

export type TikTokTarget = {
  baseUrl: string;
  appId: string | null;
  appSecret: string | null;
  /** The consent page the browser is sent to; relative (this same server) for the mounted sandbox. */
  portalAuthUrl: string;
  /** True when requests go to the sandbox mounted in this app (demo mode). */
  sandbox: boolean;
};

export type TikTokApp = { target: TikTokTarget; limiter: Limiter };

/**
 * The TikTok app a process talks as: where requests go (chosen by the entry point, see
 * lib/wiring) and the limiter every process shares through Postgres.
 */
export function createTikTokApp(db: Database, target: TikTokTarget): TikTokApp {
  return { target, limiter: createPostgresLimiter(db, { appKey: env.TIKTOK_APP_ID ?? 'default', ratePerSecond: env.TIKTOK_RATE_LIMIT_RPS }) };
}

export function tiktokClient(app: TikTokApp, { orgId, accessToken, calls }: { orgId: string; accessToken?: string; calls?: CallCounter }): TikTokClient {
  return createTikTokClient({ baseUrl: app.target.baseUrl, accessToken, orgId, limiter: app.limiter, calls });
}

type Global = typeof globalThis & { __sparkcheckKeyring?: Keyring };

/** The keys that seal stored access tokens (TOKEN_ENCRYPTION_KEYS, or the generated demo key). */
export function getKeyring(): Keyring {
  const g = globalThis as Global;
  g.__sparkcheckKeyring ??= loadKeyring(env);
  return g.__sparkcheckKeyring;
}
