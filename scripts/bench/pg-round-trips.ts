// Counts the database statements and round trips a server makes without touching the server: a TCP
// proxy in front of Postgres that reads both sides of the wire protocol. A statement is each `Sync`
// (the end of an extended-protocol query) or simple `Query` the client sends. A round trip is each
// time the client writes again after the server has answered: statements pipelined behind one another
// (written before an answer came back) share one, and a statement whose parameter types the driver
// asks for first (Parse, Describe, Flush; wait; Bind, Execute, Sync) costs two. Counted per connection
// and summed. Drivers, ORMs and the app stay as in production; only the server's DATABASE_URL points
// at the proxy.
import net from 'node:net';

/** Untagged first messages: SSLRequest, GSSENCRequest, CancelRequest; anything else is the StartupMessage. */
const PRE_STARTUP_CODES = new Set([80877103, 80877104, 80877102]);
const SSL_REQUEST = 80877103;
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const READY_FOR_QUERY = 0x5a; // 'Z'

/** Feeds the client→server bytes of one connection; calls `onStatement` for every Sync / Query message. */
export function createFrontendParser(onStatement: () => void, onSslRequest: () => void = () => {}): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  let startup = true;
  return (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    for (;;) {
      if (startup) {
        if (buffered.length < 8) return;
        const length = buffered.readInt32BE(0);
        if (buffered.length < length) return;
        const code = buffered.readInt32BE(4);
        if (code === SSL_REQUEST) onSslRequest();
        startup = PRE_STARTUP_CODES.has(code);
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

/**
 * Feeds the server→client bytes of one connection; calls `onReady` for every ReadyForQuery. `sslRequested`
 * says the client opened with an SSLRequest, which the server answers with one untagged byte.
 */
export function createBackendParser(onReady: () => void, sslRequested: () => boolean): (chunk: Buffer) => void {
  let buffered: Buffer = Buffer.alloc(0);
  let sslAnswerPending: boolean | null = null;
  return (chunk) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    for (;;) {
      if (sslAnswerPending === null) sslAnswerPending = sslRequested();
      if (sslAnswerPending) {
        if (buffered.length < 1) return;
        buffered = buffered.subarray(1);
        sslAnswerPending = false;
        continue;
      }
      if (buffered.length < 5) return;
      const length = buffered.readInt32BE(1);
      if (buffered.length < 1 + length) return;
      if (buffered[0] === READY_FOR_QUERY) onReady();
      buffered = buffered.subarray(1 + length);
    }
  };
}

/** Round trips of one connection, from what each side writes (see the top of this file). */
export function createRoundTripCounter(onRoundTrip: () => void) {
  // The start-up exchange (up to the first ReadyForQuery) is no round trip of a statement.
  let started = false;
  let answered = true;
  return {
    ready: () => {
      started = true;
    },
    serverWrote: () => {
      answered = true;
    },
    clientWrote: () => {
      if (started && answered) onRoundTrip();
      answered = false;
    },
  };
}

export type RoundTripProxy = {
  /** `postgres://…` of `targetUrl` with host and port replaced by the proxy's. */
  url: string;
  /** Statements counted since the proxy started. */
  statements: () => number;
  /** Round trips counted since the proxy started (pipelined statements share one). */
  roundTrips: () => number;
  close: () => Promise<void>;
};

export async function startRoundTripProxy(targetUrl: string): Promise<RoundTripProxy> {
  const target = new URL(targetUrl);
  let statements = 0;
  let roundTrips = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    const counter = createRoundTripCounter(() => (roundTrips += 1));
    let ssl = false;
    const parse = createFrontendParser(
      () => (statements += 1),
      () => (ssl = true),
    );
    const parseBackend = createBackendParser(counter.ready, () => ssl);
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
      counter.clientWrote();
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      parseBackend(chunk);
      counter.serverWrote();
      client.write(chunk);
    });
    upstream.on('end', () => client.end());
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
    roundTrips: () => roundTrips,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
