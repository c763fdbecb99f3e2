import { ApiError } from './api-error';
import type { SandboxClock } from './clock';
import { APP_SCOPES, SANDBOX_ACCESS_TOKEN, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_TOKEN_SINGLE_ADVERTISER, SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES, SCOPES } from './constants';
import type { Random } from './random';
import { HOUR_MS } from './time';

export type SandboxToken = {
  accessToken: string;
  scopes: number[];
  /** 'all': every ad account / BC the world's owner can reach, including ones added later. */
  advertiserIds: 'all' | string[];
  bcIds: 'all' | string[];
};

type IssuedAuthCode = { advertiserIds: string[]; expiresMs: number; used: boolean };

const AUTH_CODE_LIFETIME_MS = HOUR_MS;

/** Access tokens (seeded and OAuth-issued) and the one-hour, single-use auth codes of the consent flow. */
export class OAuthStore {
  private readonly tokens = new Map<string, SandboxToken>();
  private readonly authCodes = new Map<string, IssuedAuthCode>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly random: Random,
    primaryAdvertiserId: string,
  ) {
    const spark = new Set<number>([SCOPES.queryTikTokPosts, SCOPES.authorizeTikTokPosts]);
    this.add({ accessToken: SANDBOX_ACCESS_TOKEN, scopes: APP_SCOPES, advertiserIds: 'all', bcIds: 'all' });
    this.add({ accessToken: SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES, scopes: APP_SCOPES.filter((s) => !spark.has(s)), advertiserIds: 'all', bcIds: 'all' });
    this.add({ accessToken: SANDBOX_TOKEN_SINGLE_ADVERTISER, scopes: APP_SCOPES, advertiserIds: [primaryAdvertiserId], bcIds: [] });
  }

  token(accessToken: string): SandboxToken | undefined {
    return this.tokens.get(accessToken);
  }

  checkApp(appId: string, secret: string): void {
    if (appId !== SANDBOX_APP_ID || secret !== SANDBOX_APP_SECRET) throw new ApiError(40101, 'The app_id or secret is invalid.');
  }

  issueAuthCode(advertiserIds: string[]): string {
    const code = this.random.hex(40).toLowerCase();
    this.authCodes.set(code, { advertiserIds, expiresMs: this.clock.now() + AUTH_CODE_LIFETIME_MS, used: false });
    return code;
  }

  exchangeAuthCode(code: string): SandboxToken {
    const issued = this.authCodes.get(code);
    if (issued === undefined || issued.used || this.clock.now() >= issued.expiresMs) {
      throw new ApiError(40110, 'The auth_code is canceled or has expired. Please authorize again to get a new auth_code.');
    }
    issued.used = true;
    return this.add({ accessToken: this.random.hex(40).toLowerCase(), scopes: APP_SCOPES, advertiserIds: issued.advertiserIds, bcIds: 'all' });
  }

  private add(token: SandboxToken): SandboxToken {
    this.tokens.set(token.accessToken, token);
    return token;
  }
}
