import { decode } from 'next-auth/jwt';

/** Auth.js's session cookie; on https it carries the `__Secure-` prefix. */
export const SESSION_COOKIE = 'authjs.session-token';
export const SESSION_COOKIES = [SESSION_COOKIE, `__Secure-${SESSION_COOKIE}`] as const;

/**
 * The name Auth.js gives the session cookie for a request: secure when the app's address is https,
 * the address being AUTH_URL when set, else the protocol the request came in with (our server sets
 * `x-forwarded-proto`), else https: as Auth.js decides it, so both read the same cookie.
 */
export function sessionCookieName({ authUrl, forwardedProto }: { authUrl?: string; forwardedProto?: string | null }): string {
  const protocol = authUrl ? new URL(authUrl).protocol : `${(forwardedProto ?? 'https').split(',')[0]!.trim()}:`;
  return protocol === 'https:' ? SESSION_COOKIES[1] : SESSION_COOKIES[0];
}

/**
 * The user and session row ids of the session cookie `name`, or null (none, not ours, tampered with,
 * or past its expiry). Reads the cookie the way Auth.js writes it: a long token is split into
 * `name.0`, `name.1`, …; the JWT is encrypted with a key derived from the secret and the cookie's name.
 *
 * Auth.js's own `auth()` does this and more on every call: it runs its session endpoint, which also
 * writes a renewed token that a page cannot send back, so the work was thrown away on every request.
 */
export async function readSessionToken({ cookies, name, secret }: { cookies: { name: string; value: string }[]; name: string; secret: string }): Promise<{ userId: string; sid: string } | null> {
  const chunk = (cookieName: string) =>
    cookieName === name ? 0 : cookieName.startsWith(`${name}.`) && /^\d+$/.test(cookieName.slice(name.length + 1)) ? Number(cookieName.slice(name.length + 1)) : null;
  const chunks = cookies.filter((c) => c.value && chunk(c.name) !== null).sort((a, b) => chunk(a.name)! - chunk(b.name)!);
  if (chunks.length === 0) return null;
  try {
    const token = await decode({ token: chunks.map((c) => c.value).join(''), secret, salt: name });
    return typeof token?.sub === 'string' && typeof token.sid === 'string' ? { userId: token.sub, sid: token.sid } : null;
  } catch {
    return null;
  }
}
