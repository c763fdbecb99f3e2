import type { Database } from '@/db/client';
import { loadKeyring, type Keyring } from '@/lib/crypto/keyring';
import { resolveTikTokTarget, type TikTokTarget } from '@/lib/demo/tiktok-target';
import { env } from '@/lib/env';
import { createPostgresLimiter, createTikTokClient, type CallCounter, type Limiter, type TikTokClient } from '@/lib/tiktok';

export type TikTokApp = { target: TikTokTarget; limiter: Limiter };

type Global = typeof globalThis & { __sparkcheckTikTokApps?: WeakMap<Database, TikTokApp>; __sparkcheckKeyring?: Keyring };

/** The TikTok app this process talks as: where requests go, and the limiter every process shares through Postgres. */
export function getTikTokApp(db: Database): TikTokApp {
  const g = globalThis as Global;
  g.__sparkcheckTikTokApps ??= new WeakMap();
  let app = g.__sparkcheckTikTokApps.get(db);
  if (!app) {
    app = {
      target: resolveTikTokTarget(env),
      limiter: createPostgresLimiter(db, { appKey: env.TIKTOK_APP_ID ?? 'default', ratePerSecond: env.TIKTOK_RATE_LIMIT_RPS }),
    };
    g.__sparkcheckTikTokApps.set(db, app);
  }
  return app;
}

export function tiktokClient(app: TikTokApp, { orgId, accessToken, calls }: { orgId: string; accessToken?: string; calls?: CallCounter }): TikTokClient {
  return createTikTokClient({ baseUrl: app.target.baseUrl, accessToken, orgId, limiter: app.limiter, calls });
}

/** The keys that seal stored access tokens (TOKEN_ENCRYPTION_KEYS, or the generated demo key). */
export function getKeyring(): Keyring {
  const g = globalThis as Global;
  g.__sparkcheckKeyring ??= loadKeyring(env);
  return g.__sparkcheckKeyring;
}
