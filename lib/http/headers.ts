/**
 * The Content-Security-Policy of every page: scripts only with this request's nonce (and what they
 * load, 'strict-dynamic'), no framing, no plugins, forms and connections to ourselves only. Styles
 * allow inline attributes (React `style` props); development adds 'unsafe-eval' for Next's dev tools.
 */
export function contentSecurityPolicy(nonce: string, development: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Query parameters named in words when a request is refused for them. */
const FIELD_WORDS: Record<string, string> = {
  q: 'search',
  page: 'page number',
  ap: 'asset page number',
  advertiser: 'ad account',
  status: 'status filter',
  pillar: 'pillar filter',
  code: 'finding filter',
  cause: 'root cause filter',
  subject: 'root cause subject',
  sort: 'sort order',
  dir: 'sort direction',
  member: 'member',
  members: 'members',
  post: 'post',
  asset: 'asset',
  format: 'format',
  callbackUrl: 'return address',
  email: 'e-mail address',
};

export function describeField(name: string): string {
  return FIELD_WORDS[name] ? `The ${FIELD_WORDS[name]} (${name})` : `The “${name}” field`;
}

/**
 * A NUL character anywhere in the address: Postgres cannot store or compare text with one, so it
 * is refused up front for every page and route (422 naming the field), never reaching a query.
 */
export function nulByteProblem(url: URL): { field: string; message: string } | null {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { field: 'address', message: 'The address is not valid (a broken %-escape)' };
  }
  if (path.includes('\0')) return { field: 'address', message: 'The address contains a NUL character' };
  for (const [name, value] of url.searchParams) {
    if (name.includes('\0') || value.includes('\0')) return { field: name, message: `${describeField(name.replace(/\0/g, ''))} contains a NUL character, which is not allowed` };
  }
  return null;
}
