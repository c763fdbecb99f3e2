import 'server-only';
import { RateLimitedError, UnauthenticatedError } from '@/lib/errors';
import { signIn, SignInRefused } from './auth';
import { SIGN_IN_MESSAGES, type CredentialCheck } from './credentials';
import { waitInWords } from './wait';

type Reason = Exclude<CredentialCheck, { ok: true }>['reason'];

/**
 * Signs in with email + password and sets the session cookie on the current response. `ip` is
 * clientIp() of the request: the throttle counts per address.
 * A refusal throws a typed error carrying the user-facing message (401, or 429 when throttled).
 */
export async function signInWithPassword(email: string, password: string, ip: string): Promise<void> {
  try {
    await signIn('credentials', { email, password, ip, redirect: false });
  } catch (error) {
    if (!(error instanceof SignInRefused)) throw error;
    const message = SIGN_IN_MESSAGES[error.code as Reason] ?? SIGN_IN_MESSAGES.invalid;
    if (error.code === 'rate_limited') {
      const seconds = error.retryAfterSeconds ?? 60;
      throw new RateLimitedError(message.replace('later', `in ${waitInWords(seconds)}`), seconds);
    }
    throw new SignInRefusedError(message);
  }
}

export class SignInRefusedError extends UnauthenticatedError {
  constructor(message: string) {
    super();
    this.message = message;
  }
}
