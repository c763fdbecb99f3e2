import { randomBytes, timingSafeEqual } from 'node:crypto';
import { DEMO_ORG_SLUG } from '@/lib/demo/credentials';
import { env } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { requireMembership } from '@/lib/tenancy/membership';
import { DEMO_SANDBOX_BASE_PATH } from '@/lib/tiktok-sandbox/process-sandbox';

/** The header a caller presents the sandbox control token in. */
export const SANDBOX_CONTROL_HEADER = 'x-sandbox-control-token';

const KEY = Symbol.for('sparkcheck.sandbox-control-token');
type Holder = { [KEY]?: string };

/**
 * The token that opens the mounted sandbox's controls (clock, faults, world mutations):
 * SANDBOX_CONTROL_TOKEN, or one made per server process and printed at start. A route handler
 * under `next start` cannot see the socket address, so "from loopback" could not be the test.
 */
export function sandboxControlToken(): string {
  const holder = globalThis as Holder;
  holder[KEY] ??= env.SANDBOX_CONTROL_TOKEN ?? randomBytes(24).toString('base64url');
  return holder[KEY];
}

export function isSandboxControlPath(pathname: string): boolean {
  return pathname.startsWith(`${DEMO_SANDBOX_BASE_PATH}/_control/`);
}

/** A caller with the control token, or a signed-in member of the demo organization. */
export async function sandboxControlAllowed(request: Request): Promise<boolean> {
  const presented = Buffer.from(request.headers.get(SANDBOX_CONTROL_HEADER) ?? '');
  const token = Buffer.from(sandboxControlToken());
  if (presented.length === token.length && timingSafeEqual(presented, token)) return true;
  try {
    await requireMembership(DEMO_ORG_SLUG);
    return true;
  } catch (error) {
    if (error instanceof AppError) return false;
    throw error;
  }
}
