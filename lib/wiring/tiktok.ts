import 'server-only';
import type { Database } from '@/db/client';
import { createTikTokApp, type TikTokApp } from '@/lib/connections/tiktok-app';
import { resolveTikTokTarget } from '@/lib/demo/tiktok-target';
import { env } from '@/lib/env';

// The entry points' side (routes, server start, worker, CLI): which TikTok this process talks to.
// Everything below receives the app it is handed; only this wiring asks the demo resolver.

type Global = typeof globalThis & { __sparkcheckTikTokApps?: WeakMap<Database, TikTokApp> };

/** This process's TikTok app for `db`: the target from the environment (demo mode: the mounted sandbox), one shared limiter. */
export function getTikTokApp(db: Database): TikTokApp {
  const g = globalThis as Global;
  g.__sparkcheckTikTokApps ??= new WeakMap();
  let app = g.__sparkcheckTikTokApps.get(db);
  if (!app) {
    app = createTikTokApp(db, resolveTikTokTarget(env));
    g.__sparkcheckTikTokApps.set(db, app);
  }
  return app;
}
