import type { TikTokTarget } from '@/lib/connections/tiktok-app';
import { isDemoMode, type Env } from '@/lib/env';
import { DEMO_SANDBOX_BASE_PATH, SANDBOX_APP_ID, SANDBOX_APP_SECRET } from '@/lib/tiktok-sandbox';

export const TIKTOK_API_BASE_URL = 'https://business-api.tiktok.com/open_api/v1.3/';
export const TIKTOK_PORTAL_AUTH_URL = 'https://business-api.tiktok.com/portal/auth';

/**
 * Where the TikTok client sends requests, chosen by the entry points (lib/wiring). The only place
 * outside the demo mount that knows the sandbox exists: in demo mode with no TIKTOK_API_BASE_URL,
 * the client talks to the simulator this same server mounts at /sandbox; otherwise to the
 * configured URL, by default TikTok's real API.
 */
export function resolveTikTokTarget(e: Env): TikTokTarget {
  if (e.TIKTOK_API_BASE_URL) {
    return {
      baseUrl: withSlash(e.TIKTOK_API_BASE_URL),
      appId: e.TIKTOK_APP_ID ?? null,
      appSecret: e.TIKTOK_APP_SECRET ?? null,
      portalAuthUrl: TIKTOK_PORTAL_AUTH_URL,
      sandbox: false,
    };
  }
  if (isDemoMode(e)) {
    return {
      baseUrl: `http://127.0.0.1:${e.PORT}${DEMO_SANDBOX_BASE_PATH}/open_api/v1.3/`,
      appId: e.TIKTOK_APP_ID ?? SANDBOX_APP_ID,
      appSecret: e.TIKTOK_APP_SECRET ?? SANDBOX_APP_SECRET,
      portalAuthUrl: `${DEMO_SANDBOX_BASE_PATH}/portal/auth`,
      sandbox: true,
    };
  }
  return {
    baseUrl: TIKTOK_API_BASE_URL,
    appId: e.TIKTOK_APP_ID ?? null,
    appSecret: e.TIKTOK_APP_SECRET ?? null,
    portalAuthUrl: TIKTOK_PORTAL_AUTH_URL,
    sandbox: false,
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
