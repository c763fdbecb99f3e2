/**
 * The client address every throttle and limit uses. `npm start` serves through scripts/server.mjs,
 * which overwrites X-Forwarded-For with the one address it trusts (the socket's, or the Nth from the
 * right with TRUSTED_PROXIES=N), so a client cannot choose what is read here.
 */
export function clientIp(headers: Headers): string {
  return headers.get('x-forwarded-for')?.split(',')[0]?.trim() || 'unknown';
}
