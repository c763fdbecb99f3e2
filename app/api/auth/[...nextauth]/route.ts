import type { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/auth';
import { assertSameOrigin } from '@/lib/http/request';
import { errorResponse } from '@/lib/http/route';

export const { GET } = handlers;

/** Auth.js's own form posts keep their CSRF token and, like every other state change, must come from our origin. */
export async function POST(request: NextRequest): Promise<Response> {
  try {
    assertSameOrigin(request);
  } catch (error) {
    return errorResponse(error);
  }
  return handlers.POST(request);
}
