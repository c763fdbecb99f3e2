import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect, promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readEnv } from '@/lib/env';
import { generateKey, loadKeyring, parseKeyring } from './keyring';
import { openToken, sealToken } from './tokens';

const key32 = () => randomBytes(32).toString('base64');

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sc-token-keys-'));
}

describe('parseKeyring', () => {
  it('makes the first entry active and keeps the others for opening', () => {
    const ring = parseKeyring(`new:${key32()}, old:${randomBytes(32).toString('base64url')}`);
    expect(ring.active.id).toBe('new');
    expect([...ring.keys.keys()]).toEqual(['new', 'old']);
  });

  it.each([
    ['', /TOKEN_ENCRYPTION_KEYS:\n {2}is empty/],
    ['   ', /is empty/],
    [`k1:${key32()},`, /entry 2: entry is empty/],
    ['k1', /entry 1: expected keyId:base64key, found no ":"/],
    ['k1:not base64!', /entry 1 \("k1"\): key is not valid base64/],
    [`k1:${randomBytes(16).toString('base64')}`, /entry 1 \("k1"\): key must decode to 32 bytes, got 16/],
    [`bad.id:${key32()}`, /entry 1: key id must be 1–64 characters/],
    [`a:${key32()},b:${key32()},a:${key32()}`, /entry 3 \("a"\): duplicate key id \(same as entry 1\)/],
  ])('rejects %j naming the problem', (value, message) => {
    expect(() => parseKeyring(value)).toThrow(message);
  });

  it('reports every bad entry and never echoes key material', () => {
    const bare = key32();
    const short = randomBytes(16).toString('base64');
    let message = '';
    try {
      parseKeyring(`${bare},k2:${short}`);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/entry 1: .*\n {2}entry 2 \("k2"\): key must decode to 32 bytes/);
    expect(message).not.toContain(bare);
    expect(message).not.toContain(short);
  });

  it('never prints key bytes when a keyring is logged or serialized', () => {
    const material = key32();
    const ring = parseKeyring(`k1:${material}`);
    const hex = Buffer.from(material, 'base64').toString('hex');
    for (const printed of [inspect(ring, { depth: 10, showHidden: true }), JSON.stringify(ring), String(ring.active.key)]) {
      expect(printed).not.toContain(material);
      expect(printed).not.toContain(hex);
    }
  });
});

describe('generateKey', () => {
  it('returns a keyId:base64 entry that parses, different every time', () => {
    const entry = generateKey();
    expect(entry).toMatch(/^k\d{8}-[0-9a-f]{6}:[A-Za-z0-9+/]{43}=$/);
    expect(parseKeyring(entry).active.id).toBe(entry.split(':')[0]);
    expect(generateKey()).not.toBe(entry);
  });
});

describe('loadKeyring', () => {
  it('uses TOKEN_ENCRYPTION_KEYS when set and writes no key file', () => {
    const dir = tempDir();
    const entry = generateKey();
    const ring = loadKeyring(readEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', DATA_DIR: dir, TOKEN_ENCRYPTION_KEYS: entry }));
    expect(ring.active.id).toBe(entry.split(':')[0]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('is required in production on a real database', () => {
    const dir = tempDir();
    const e = readEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/app', DATA_DIR: dir, TOKEN_ENCRYPTION_KEYS: '' });
    expect(() => loadKeyring(e)).toThrow(/TOKEN_ENCRYPTION_KEYS is required in production/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('is generated once in demo mode, kept in DATA_DIR with mode 0600', () => {
    const dir = path.join(tempDir(), 'nested');
    const e = readEnv({ NODE_ENV: 'production', DATA_DIR: dir });
    const first = loadKeyring(e);
    const sealed = sealToken(first, 'act.token');
    const second = loadKeyring(e);
    expect(second.active.id).toBe(first.active.id);
    expect(openToken(second, sealed)).toBe('act.token');
    const file = path.join(dir, 'token-keys');
    expect(fs.readFileSync(file, 'utf8')).toMatch(new RegExp(`^${first.active.id}:[A-Za-z0-9+/]{43}=\\n$`));
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['token-keys']);
  });

  it('is generated in development on a real database too', () => {
    const dir = tempDir();
    const ring = loadKeyring(readEnv({ NODE_ENV: 'development', DATABASE_URL: 'postgres://db/app', DATA_DIR: dir }));
    expect(fs.readFileSync(path.join(dir, 'token-keys'), 'utf8')).toContain(`${ring.active.id}:`);
  });

  it('names the key file when its content is invalid, and leaves it alone', () => {
    const dir = tempDir();
    const file = path.join(dir, 'token-keys');
    fs.writeFileSync(file, 'k1:short\n');
    expect(() => loadKeyring(readEnv({ DATA_DIR: dir }))).toThrow(`Invalid ${file}:\n  entry 1 ("k1"): key must decode to 32 bytes, got 3`);
    expect(fs.readFileSync(file, 'utf8')).toBe('k1:short\n');
  });

  it('agrees on one key when several processes start at once', async () => {
    const dir = tempDir();
    const script = `import { loadKeyring } from './lib/crypto/keyring.ts';
      import { readEnv } from './lib/env.ts';
      process.stdout.write(loadKeyring(readEnv()).active.id);`;
    const run = promisify(execFile);
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        run(process.execPath, ['--conditions=react-server', '--import', 'tsx', '--input-type=module', '-e', script], {
          cwd: path.resolve(import.meta.dirname, '../..'),
          env: { PATH: process.env.PATH, NODE_ENV: 'development', DATA_DIR: dir },
        }),
      ),
    );
    const ids = new Set(results.map((r) => r.stdout));
    expect(ids.size).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['token-keys']);
    expect(fs.readFileSync(path.join(dir, 'token-keys'), 'utf8')).toContain(`${[...ids][0]}:`);
  });
});
