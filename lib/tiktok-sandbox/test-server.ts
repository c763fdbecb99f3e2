import { SANDBOX_ACCESS_TOKEN } from './constants';
import { startSandboxServer } from './node-server';
import { createSandbox, type Sandbox, type SandboxOptions } from './sandbox';

export type Envelope<T = Record<string, unknown>> = { code: number; message: string; request_id: string; data: T };

/** Query values as TikTok wants them: strings as they are, arrays and objects JSON-encoded. */
export function toQuery(params: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) query.set(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return query.toString();
}

export type TestSandbox = {
  sandbox: Sandbox;
  /** Origin plus base path. */
  url: string;
  api(path: string): string;
  get<T = Record<string, unknown>>(path: string, params?: Record<string, unknown>, token?: string | null): Promise<Envelope<T>>;
  post<T = Record<string, unknown>>(path: string, body: unknown, token?: string | null): Promise<Envelope<T>>;
  close(): Promise<void>;
};

/** A sandbox on 127.0.0.1 with a free port, rate limits off unless asked for; tests talk to it with plain fetch. */
export async function serveSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = createSandbox({ rateLimits: false, ...options });
  const server = await startSandboxServer(sandbox);
  const api = (path: string) => `${server.url}/open_api/v1.3/${path}`;
  const headers = (token: string | null): Record<string, string> => (token === null ? {} : { 'Access-Token': token });
  return {
    sandbox,
    url: server.url,
    api,
    async get(path, params = {}, token = SANDBOX_ACCESS_TOKEN) {
      const response = await fetch(`${api(path)}?${toQuery(params)}`, { headers: headers(token) });
      return (await response.json()) as never;
    },
    async post(path, body, token = SANDBOX_ACCESS_TOKEN) {
      const response = await fetch(api(path), { method: 'POST', headers: { ...headers(token), 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return (await response.json()) as never;
    },
    close: () => server.close(),
  };
}
