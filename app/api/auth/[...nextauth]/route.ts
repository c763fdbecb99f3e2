import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/auth';

export const { GET } = handlers;

/**
 * Password sign-in goes through /api/session and the sign-in form only (they pass the client
 * address the throttle counts); Auth.js's own credentials endpoints answer 404.
 */
export function POST(request: NextRequest) {
  if (/\/(callback|signin)\/credentials\/?$/.test(request.nextUrl.pathname)) return new Response('Not found', { status: 404 });
  return handlers.POST(request);
}
