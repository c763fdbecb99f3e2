import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '@/lib/errors';

// TikTok hands `state` back untouched on the redirect; signing it binds the callback to the
// organization and user that started the flow, and a short expiry bounds replay.
export const OAUTH_STATE_TTL_MS = 15 * 60 * 1000;

const payloadSchema = z.object({
  orgId: z.uuid(),
  userId: z.string().min(1),
  /** Set when the flow reconnects an existing connection. */
  connectionId: z.uuid().optional(),
  nonce: z.string().min(8),
  exp: z.number().int(),
});
export type OAuthState = z.infer<typeof payloadSchema>;

function sign(secret: string, body: string): string {
  return createHmac('sha256', secret).update(`tiktok-oauth-state.${body}`).digest('base64url');
}

export function createOAuthState(secret: string, { orgId, userId, connectionId, now = Date.now() }: { orgId: string; userId: string; connectionId?: string; now?: number }): string {
  const payload: OAuthState = { orgId, userId, connectionId, nonce: randomBytes(12).toString('base64url'), exp: now + OAUTH_STATE_TTL_MS };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export class InvalidOAuthStateError extends AppError {
  constructor(reason: string) {
    super(400, `The TikTok authorization could not be matched to your request (${reason}). Start again from Connections.`);
  }
}

/** Returns the state's payload, or throws when it was altered, is malformed, or has expired. */
export function verifyOAuthState(secret: string, state: string, now = Date.now()): OAuthState {
  const [body, signature, extra] = state.split('.');
  if (!body || !signature || extra !== undefined) throw new InvalidOAuthStateError('malformed state');
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new InvalidOAuthStateError('bad signature');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidOAuthStateError('malformed state');
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) throw new InvalidOAuthStateError('malformed state');
  if (parsed.data.exp <= now) throw new InvalidOAuthStateError('it expired; authorizations must finish within 15 minutes');
  return parsed.data;
}
