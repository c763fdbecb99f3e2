// The forwarding headers the app sees, rewritten by scripts/server.mjs before Next handles a request.

const FORWARDING = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip', 'forwarded'];

/** TRUSTED_PROXIES: how many reverse proxies stand in front of this server (0 = clients connect directly). */
export function trustedProxies(value = process.env.TRUSTED_PROXIES) {
  if (value === undefined || value.trim() === '') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new Error(`TRUSTED_PROXIES must be a whole number from 0 to 10 (got ${value})`);
  return n;
}

function stripPort(address) {
  const v = address.trim();
  if (v.startsWith('[')) return v.slice(1, v.indexOf(']'));
  if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(v)) return v.slice(0, v.lastIndexOf(':'));
  return v.startsWith('::ffff:') && v.includes('.') ? v.slice(7) : v;
}

/**
 * The client address for a request that arrived on a socket from `socketAddress` carrying
 * `forwardedFor` (X-Forwarded-For, possibly several headers joined): with 0 trusted proxies the
 * socket's; with N, the Nth address from the right of what the proxies appended (the leftmost one
 * when fewer are present). Anything further left was written by the client and is ignored.
 */
export function clientAddress({ socketAddress, forwardedFor, trusted }) {
  if (trusted === 0) return stripPort(socketAddress ?? 'unknown');
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return stripPort(socketAddress ?? 'unknown');
  return stripPort(hops[Math.max(0, hops.length - trusted)]);
}

/**
 * Overwrites the request's forwarding headers in place: X-Forwarded-For becomes the one client
 * address; host and protocol are kept only when they come from a trusted proxy.
 */
export function rewriteForwarding(headers, { socketAddress, trusted, encrypted }) {
  const raw = headers['x-forwarded-for'];
  const forwardedFor = Array.isArray(raw) ? raw.join(',') : raw;
  const client = clientAddress({ socketAddress, forwardedFor, trusted });
  const keep = trusted > 0 ? { host: headers['x-forwarded-host'], proto: headers['x-forwarded-proto'] } : {};
  for (const name of FORWARDING) delete headers[name];
  headers['x-forwarded-for'] = client;
  headers['x-forwarded-proto'] = keep.proto ?? (encrypted ? 'https' : 'http');
  if (keep.host) headers['x-forwarded-host'] = keep.host;
  return client;
}
