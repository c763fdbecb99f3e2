import 'server-only';
import type { Database } from '@/db/client';
import type { Keyring } from '@/lib/crypto/keyring';
import { connectionAccessToken } from '@/lib/connections/connections';
import { getKeyring, type TikTokApp } from '@/lib/connections/tiktok-app';
import { createTikTokClient, type TikTokClient, type TikTokClientOptions } from '@/lib/tiktok';

/** How lib/codes reaches TikTok and seals codes: the app's shared limiter in production, a sandbox in tests. */
export type CodesEnv = {
  keyring: Keyring;
  /** Base URL, the connection's unsealed token, the shared limiter (and in tests: timeouts, sleep). */
  clientOptions(connection: { orgId: string; connectionId: string }): Promise<Omit<TikTokClientOptions, 'orgId'>>;
  /** authorize calls in flight at once per batch; the limiter still paces them. */
  concurrency?: number;
};

/** Items worked on at once by one batch run. */
export const DEFAULT_APPLY_CONCURRENCY = 5;

/** Production: the entry point's TikTok app (its target and shared limiter), the process's token keys. */
export function codesEnv(db: Database, app: TikTokApp): CodesEnv {
  const keyring = getKeyring();
  return {
    keyring,
    clientOptions: async (ids) => ({ baseUrl: app.target.baseUrl, limiter: app.limiter, accessToken: await connectionAccessToken(db, keyring, ids) }),
  };
}

export type ConnectionClients = {
  /** Reads: the client's own retries on throttling and faults. */
  reader: TikTokClient;
  /**
   * `tt_video/authorize/` only: no automatic retry. A timeout or a 5xx may hide a code that was
   * applied, so the caller checks the ledger before sending it again.
   */
  writer: TikTokClient;
  sleep: (ms: number) => Promise<void>;
};

/** One pair of clients per connection for the length of one run. */
export function connectionClients(env: CodesEnv, orgId: string) {
  const cache = new Map<string, Promise<ConnectionClients>>();
  return (connectionId: string): Promise<ConnectionClients> => {
    let clients = cache.get(connectionId);
    if (!clients) {
      clients = env.clientOptions({ orgId, connectionId }).then((options) => ({
        reader: createTikTokClient({ ...options, orgId }),
        writer: createTikTokClient({ ...options, orgId, retry: { ...options.retry, maxAttempts: 1 } }),
        sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
      }));
      cache.set(connectionId, clients);
    }
    return clients;
  };
}
