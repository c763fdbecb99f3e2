import 'server-only';
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isDemoMode, type Env } from '@/lib/env';

/** The material is a KeyObject so logging or serializing a keyring never prints key bytes. */
export type TokenKey = { readonly id: string; readonly key: KeyObject };

/** `active` seals; every entry of `keys` (the active one included) opens. */
export type Keyring = { readonly active: TokenKey; readonly keys: ReadonlyMap<string, TokenKey> };

const KEY_BYTES = 32;
/** Key ids appear inside sealed values, so they exclude the separators `.`, `:` and `,`. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

function splitEntry(raw: string): { id: string; key?: string } | undefined {
  const entry = raw.trim();
  if (entry === '') return undefined;
  const colon = entry.indexOf(':');
  if (colon < 0) return { id: entry };
  return { id: entry.slice(0, colon).trim(), key: entry.slice(colon + 1).trim() };
}

const entrySchema = z
  .string()
  .transform((raw, ctx) => {
    const parts = splitEntry(raw);
    if (parts?.key === undefined) {
      ctx.addIssue({ code: 'custom', message: parts ? 'expected keyId:base64key, found no ":"' : 'entry is empty' });
      return z.NEVER;
    }
    return parts;
  })
  .pipe(
    z.object({
      id: z.string().regex(KEY_ID_PATTERN, 'key id must be 1–64 characters of A–Z, a–z, 0–9, "-" or "_"'),
      key: z
        .string()
        .regex(BASE64, 'key is not valid base64')
        .transform((encoded, ctx) => {
          const bytes = Buffer.from(encoded, 'base64');
          if (bytes.length !== KEY_BYTES) {
            ctx.addIssue({ code: 'custom', message: `key must decode to ${KEY_BYTES} bytes, got ${bytes.length}` });
            return z.NEVER;
          }
          const key = createSecretKey(bytes);
          bytes.fill(0);
          return key;
        }),
    }),
  );

const keyringSchema = z
  .string()
  .trim()
  .min(1, 'is empty: expected keyId:base64key[,keyId:base64key…] with the active key first')
  .transform((value) => value.split(','))
  .pipe(z.tuple([entrySchema], entrySchema))
  .check((ctx) => {
    const firstIndex = new Map<string, number>();
    ctx.value.forEach(({ id }, index) => {
      const first = firstIndex.get(id);
      if (first === undefined) firstIndex.set(id, index);
      else ctx.issues.push({ code: 'custom', input: ctx.value, path: [index, 'id'], message: `duplicate key id (same as entry ${first + 1})` });
    });
  });

/** Names the entry by position, and by id only when it is unambiguous: a bare key must not be echoed. */
function describeIssue(issue: z.core.$ZodIssue, entries: string[]): string {
  const [index] = issue.path;
  if (typeof index !== 'number') return issue.message;
  const parts = splitEntry(entries[index] ?? '');
  const named = parts?.key !== undefined && KEY_ID_PATTERN.test(parts.id) ? ` ("${parts.id}")` : '';
  return `entry ${index + 1}${named}: ${issue.message}`;
}

/** Parses `keyId:base64key[,…]`; `source` names where the value came from in errors. */
export function parseKeyring(value: string, source = 'TOKEN_ENCRYPTION_KEYS'): Keyring {
  const parsed = keyringSchema.safeParse(value);
  if (!parsed.success) {
    const entries = value.split(',');
    const position = (issue: z.core.$ZodIssue) => (typeof issue.path[0] === 'number' ? issue.path[0] : -1);
    const issues = parsed.error.issues.toSorted((a, b) => position(a) - position(b));
    const lines = issues.map((issue) => `  ${describeIssue(issue, entries)}`);
    throw new Error(`Invalid ${source}:\n${lines.join('\n')}`);
  }
  const [active] = parsed.data;
  return { active, keys: new Map(parsed.data.map((entry) => [entry.id, entry])) };
}

/** A new `keyId:base64key` entry; the id carries the creation date so operators can tell keys apart. */
export function generateKey(): string {
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return `k${date}-${randomBytes(3).toString('hex')}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

/**
 * TOKEN_ENCRYPTION_KEYS when set. Production must set it; in development and demo mode one key is
 * generated on first start and kept in DATA_DIR/token-keys so stored tokens survive restarts.
 */
export function loadKeyring(e: Env): Keyring {
  if (e.TOKEN_ENCRYPTION_KEYS) return parseKeyring(e.TOKEN_ENCRYPTION_KEYS);
  if (e.NODE_ENV === 'production' && !isDemoMode(e)) {
    throw new Error('TOKEN_ENCRYPTION_KEYS is required in production: set it to keyId:base64key with a 32-byte key (e.g. `echo "k1:$(openssl rand -base64 32)"`)');
  }
  const file = path.resolve(e.DATA_DIR, 'token-keys');
  return parseKeyring(readOrCreateKeyFile(file), file);
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function readOrCreateKeyFile(file: string): string {
  const existing = readIfExists(file);
  if (existing !== undefined) return existing;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written aside, then hard-linked into place: the link fails if another process got there first,
  // and no reader ever sees a half-written file (which an 'wx' write in place would allow).
  const staged = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  fs.writeFileSync(staged, `${generateKey()}\n`, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(staged, file);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  } finally {
    fs.rmSync(staged, { force: true });
  }
  return fs.readFileSync(file, 'utf8');
}
