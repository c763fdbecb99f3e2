import { NextResponse, type NextRequest } from 'next/server';

// Only a convenience redirect for signed-out visitors; the real check (session + membership from
// Postgres) happens in requireMembership on every page and route.
const SESSION_COOKIES = ['authjs.session-token', '__Secure-authjs.session-token'];

export function proxy(request: NextRequest) {
  const signedIn = request.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
  if (signedIn) return NextResponse.next();
  const url = new URL('/sign-in', request.url);
  url.searchParams.set('callbackUrl', request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.redirect(url);
}

export const config = { matcher: ['/o/:path*', '/orgs/:path*', '/account'] };
