import { describe, expect, it } from 'vitest';
import { readEnv } from '@/lib/env';
import { SANDBOX_APP_ID } from '@/lib/tiktok-sandbox';
import { resolveTikTokTarget, TIKTOK_API_BASE_URL } from './tiktok-target';

describe('where the TikTok client points', () => {
  it('is the sandbox mounted in this app on the embedded default', () => {
    expect(resolveTikTokTarget(readEnv({ PORT: '4321' }))).toEqual({
      baseUrl: 'http://127.0.0.1:4321/sandbox/open_api/v1.3/',
      appId: SANDBOX_APP_ID,
      appSecret: expect.any(String),
      portalAuthUrl: '/sandbox/portal/auth',
      sandbox: true,
    });
  });

  it('is the real API in production, with the configured app', () => {
    const target = resolveTikTokTarget(readEnv({ DATABASE_URL: 'postgres://db/app', TIKTOK_APP_ID: 'app-1', TIKTOK_APP_SECRET: 's' }));
    expect(target).toEqual({ baseUrl: TIKTOK_API_BASE_URL, appId: 'app-1', appSecret: 's', portalAuthUrl: 'https://business-api.tiktok.com/portal/auth', sandbox: false });
  });

  it('is whatever TIKTOK_API_BASE_URL says, with its trailing slash, even in demo mode', () => {
    expect(resolveTikTokTarget(readEnv({ TIKTOK_API_BASE_URL: 'http://127.0.0.1:4010/open_api/v1.3' }))).toMatchObject({
      baseUrl: 'http://127.0.0.1:4010/open_api/v1.3/',
      sandbox: false,
    });
  });
});
