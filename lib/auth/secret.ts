import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDemoMode, type Env } from '@/lib/env';

/**
 * AUTH_SECRET signs session cookies. Production must set it; in development and demo mode one is
 * generated on first start and kept in DATA_DIR so sessions survive restarts.
 */
export function resolveAuthSecret(e: Env): string {
  if (e.AUTH_SECRET) return e.AUTH_SECRET;
  if (e.NODE_ENV === 'production' && !isDemoMode(e)) {
    throw new Error('AUTH_SECRET is required in production: set it to a random string of 32+ characters (e.g. `openssl rand -base64 32`)');
  }
  const file = path.resolve(e.DATA_DIR, 'auth-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = randomBytes(32).toString('base64url');
    // 'wx' fails if another process wrote it first; then read theirs.
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
      return secret;
    } catch {
      return fs.readFileSync(file, 'utf8').trim();
    }
  }
}
