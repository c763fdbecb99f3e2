import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEnv } from '@/lib/env';
import { resolveAuthSecret } from './secret';

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sc-secret-'));
}

describe('AUTH_SECRET', () => {
  it('is required in production on a real database', () => {
    const e = readEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', DATA_DIR: tempDir() });
    expect(() => resolveAuthSecret(e)).toThrow(/AUTH_SECRET is required in production/);
  });

  it('is generated once in demo mode and kept in DATA_DIR', () => {
    const dir = tempDir();
    const e = readEnv({ NODE_ENV: 'production', DATA_DIR: dir });
    const first = resolveAuthSecret(e);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(resolveAuthSecret(e)).toBe(first);
    expect(fs.readFileSync(path.join(dir, 'auth-secret'), 'utf8')).toBe(first);
  });

  it('uses the configured value when set', () => {
    const secret = 'x'.repeat(40);
    expect(resolveAuthSecret(readEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', AUTH_SECRET: secret }))).toBe(secret);
  });
});

describe('environment', () => {
  it('names the variable that is wrong', () => {
    expect(() => readEnv({ DATABASE_URL: 'mysql://nope' })).toThrow(/DATABASE_URL: DATABASE_URL must be a postgres/);
    expect(() => readEnv({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET: AUTH_SECRET must be at least 32 characters/);
    expect(() => readEnv({ PORT: 'eighty' })).toThrow(/PORT:/);
  });

  it('treats empty strings as unset and defaults to the embedded demo', () => {
    const e = readEnv({ DATABASE_URL: '', AUTH_SECRET: '' });
    expect(e.DATABASE_URL).toBeUndefined();
    expect(e.DATA_DIR).toBe('.data');
    expect(e.PORT).toBe(3000);
  });
});
