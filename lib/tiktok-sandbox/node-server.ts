import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox } from './sandbox';

export type RunningSandboxServer = {
  /** Origin plus the sandbox's base path, e.g. `http://127.0.0.1:4010`. */
  url: string;
  port: number;
  close(): Promise<void>;
};

async function toRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  let body: Uint8Array<ArrayBuffer> | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    body = new Uint8Array(Buffer.concat(chunks));
  }
  return new Request(new URL(req.url ?? '/', origin), { method, headers, body, signal });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  if (res.destroyed) return;
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  res.end(Buffer.from(await response.arrayBuffer()));
}

/** Serves the sandbox over node:http; port 0 picks a free port. */
export function startSandboxServer(sandbox: Sandbox, options: { port?: number; host?: string } = {}): Promise<RunningSandboxServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    const aborted = new AbortController();
    // A client that gives up (e.g. on a hanging request) closes the socket: stop waiting for it.
    res.on('close', () => {
      if (!res.writableFinished) aborted.abort();
    });
    const origin = `http://${req.headers.host ?? host}`;
    toRequest(req, origin, aborted.signal)
      .then((request) => sandbox.handle(request))
      .then((response) => send(res, response))
      .catch((error: unknown) => {
        console.error('[tiktok-sandbox]', error);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${port}${sandbox.basePath}`,
        port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((error) => (error === undefined ? done() : fail(error)));
          }),
      });
    });
  });
}
