// Counts the database round trips a server makes without touching the server: a TCP proxy in front of
// Postgres that reads the client side of the wire protocol and counts each statement the client
// finishes (`Sync` ends an extended-protocol query, `Query` is a simple one). Drivers, ORMs and the app
// stay as in production; only the server's DATABASE_URL points at the proxy.
import net from 'node:net';

/** Untagged first messages: SSLRequest, GSSENCRequest, CancelRequest; anything else is the StartupMessage. */
const PRE_STARTUP_CODES = new Set([80877103, 80877104, 80877102]);
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'

/** Feeds the client→server bytes of one connection; calls `onStatement` for every Sync / Query message. */
export function createFrontendParser(onStatement: () => void): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  let startup = true;
  return (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    for (;;) {
      if (startup) {
        if (buffered.length < 8) return;
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return;
        startup = PRE_STARTUP_CODES.has(buffered.readInt32BE(4));
        buffered = buffered.subarray(length);
        continue;
      }
      if (buffered.length < 5) return;
      const length = buffered.readInt32BE(1);
      if (buffered.length < 1 + length) return;
      const tag = buffered[0];
      if (tag === SYNC || tag === QUERY) onStatement();
      buffered = buffered.subarray(1 + length);
    }
  };
}

export type RoundTripProxy = {
  /** `postgres://…` of `targetUrl` with host and port replaced by the proxy's. */
  url: string;
  /** Statements counted since the proxy started. */
  statements: () => number;
  close: () => Promise<void>;
};

export async function startRoundTripProxy(targetUrl: string): Promise<RoundTripProxy> {
  const target = new URL(targetUrl);
  let statements = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    const parse = createFrontendParser(() => {
      statements += 1;
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      parse(chunk);
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    statements: () => statements,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
