import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/auth';
import { assertSameOrigin } from '@/lib/http/request';
import { errorResponse } from '@/lib/http/route';

export const { GET } = handlers;

/**
 * Auth.js's own form posts (sign-out) keep their CSRF token and, like every other state change, must
 * come from our origin. Password sign-in goes through /api/session and the sign-in form only (they
 * pass the client address the throttle counts); Auth.js's own credentials endpoints answer 404.
 */
export async function POST(request: NextRequest): Promise<Response> {
  try {
    assertSameOrigin(request);
  } catch (error) {
    return errorResponse(error);
  }
  if (/\/(callback|signin)\/credentials\/?$/.test(request.nextUrl.pathname)) return new Response('Not found', { status: 404 });
  return handlers.POST(request);
}
