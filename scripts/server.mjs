// The production HTTP server: Next's request handler behind a Node server that overwrites the
// forwarding headers (scripts/forwarding.mjs), so the client address the app throttles on is the
// socket's (or the Nth from the right with TRUSTED_PROXIES=N), never one the client typed.
//   node scripts/server.mjs --port 3000 [--host 0.0.0.0]
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import next from 'next';
import { rewriteForwarding, trustedProxies } from './forwarding.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: process.env.PORT ?? '3000' }, host: { type: 'string' } } });
const port = Number(values.port);
const trusted = trustedProxies();
// The app reads its own port from PORT (the demo mounts the TikTok sandbox on it), as under `next start -p`.
process.env.PORT = String(port);
const app = next({ dev: false, dir: path.resolve(import.meta.dirname, '..'), hostname: values.host ?? 'localhost', port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  rewriteForwarding(req.headers, { socketAddress: req.socket.remoteAddress, trusted, encrypted: false });
  handle(req, res);
});
// Keep idle connections longer than clients and load balancers do (Node's default is 5 s): a client
// that reuses a socket the server is just closing gets ECONNRESET instead of an answer.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.listen(port, values.host, () => console.log(`[sparkcheck] listening on http://${values.host ?? 'localhost'}:${port} (trusted proxies: ${trusted})`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
