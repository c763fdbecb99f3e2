/**
 * A URL TikTok gave us, kept and shown only when it is an absolute `https:` URL (never
 * `javascript:`, `data:` or plain http), normalized by the URL parser; otherwise null.
 */
export function httpsUrlOrNull(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' ? url.toString() : null;
  } catch {
    return null;
  }
}

const BASE = 'http://sparkcheck.invalid';

/**
 * Where to go after signing in: a path on this site only, else `/`. Parsed the way a browser
 * parses it, so tricks such as `//evil.example`, `/\evil.example` or `/\t/evil.example` (browsers
 * drop tabs and newlines, leaving `//evil.example`) cannot point elsewhere.
 */
export function safeCallbackPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return '/';
  }
  if (url.origin !== BASE || /[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
