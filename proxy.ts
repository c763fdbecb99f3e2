import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIES } from '@/lib/auth/session-token';
import { contentSecurityPolicy, nulByteProblem } from '@/lib/http/headers';

// Every page and route passes through here for the request-wide guards: a NUL byte in the address
// is refused, and pages get a per-request CSP nonce. Signed-out visitors of organization pages are
// redirected to sign-in only as a convenience; the real check (session + membership from Postgres)
// happens in requireMembership on every page and route.
const SIGNED_IN_AREAS = ['/o/', '/orgs/', '/account/'];

export function proxy(request: NextRequest) {
  const problem = nulByteProblem(request.nextUrl);
  if (problem) {
    const api = request.nextUrl.pathname.startsWith('/api/');
    return api
      ? NextResponse.json({ error: problem.message, fields: { [problem.field]: [problem.message] } }, { status: 422 })
      : new NextResponse(`<!doctype html><meta charset="utf-8"><title>Bad address</title><p>${problem.message}.</p><p><a href="/">Go to your dashboard</a></p>`, {
          status: 422,
          headers: { 'content-type': 'text/html; charset=utf-8' },
        });
  }

  const path = request.nextUrl.pathname;
  const signedIn = request.cookies.getAll().some((c) => SESSION_COOKIES.some((name) => c.name === name || c.name.startsWith(`${name}.`)));
  if (!signedIn && SIGNED_IN_AREAS.some((area) => path.startsWith(area) || `${path}/` === area)) {
    const url = new URL('/sign-in', request.url);
    url.searchParams.set('callbackUrl', path + request.nextUrl.search);
    return NextResponse.redirect(url);
  }

  // Next reads the nonce from the request's CSP header and puts it on every script it renders.
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== 'production');
  const headers = new Headers(request.headers);
  headers.set('content-security-policy', csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  return response;
}

// Not the build's static files and icons (app/favicon.ico, icon.svg, apple-icon.png), and not the mounted
// TikTok sandbox (its consent page is TikTok's, not ours).
export const config = { matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg|apple-icon.png|sandbox/).*)'] };
