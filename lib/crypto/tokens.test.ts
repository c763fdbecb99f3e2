import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKeyring, type Keyring } from './keyring';
import { connectionTokenContext, needsRotation, openToken, rotateSealed, sealToken, TokenDecryptionError } from './tokens';

const k1 = `k1:${randomBytes(32).toString('base64')}`;
const k2 = `k2:${randomBytes(32).toString('base64')}`;
const ring = parseKeyring(`${k1},${k2}`);
const token = 'act.9f3c2e7b1d4a6058c2e1f0a9b8c7d6e5';

function decryptionError(fn: () => unknown): TokenDecryptionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TokenDecryptionError) return error;
    throw error;
  }
  throw new Error('expected a TokenDecryptionError, but it opened');
}

/** Replaces one part of `v1.<keyId>.<iv>.<data>`. */
function withPart(sealed: string, index: number, change: (part: string) => string): string {
  const parts = sealed.split('.');
  parts[index] = change(parts[index] ?? '');
  return parts.join('.');
}

/** Flips one bit of the decoded bytes of a base64url part. */
function flipBit(part: string, byte: number, bit = 0): string {
  const bytes = Buffer.from(part, 'base64url');
  const at = byte < 0 ? bytes.length + byte : byte;
  bytes[at] = (bytes[at] ?? 0) ^ (1 << bit);
  return bytes.toString('base64url');
}

describe('sealToken / openToken', () => {
  it('round-trips and produces the documented format', () => {
    const sealed = sealToken(ring, token);
    expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(token);
    expect(openToken(ring, sealed)).toBe(token);
  });

  it('binds a token to its context: sealed for one connection, it does not open for another', () => {
    const a = connectionTokenContext({ orgId: 'org-a', connectionId: 'conn-1' });
    const b = connectionTokenContext({ orgId: 'org-b', connectionId: 'conn-1' });
    const sealed = sealToken(ring, token, a);
    expect(openToken(ring, sealed, a)).toBe(token);
    expect(() => openToken(ring, sealed, b)).toThrow(TokenDecryptionError);
    expect(() => openToken(ring, sealed)).toThrow(/authentication failed/);
    expect(openToken(ring, rotateSealed(ring, sealed, a), a)).toBe(token);
  });

  it('round-trips any Unicode string, and two seals of the same token differ', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (plaintext) => {
        const a = sealToken(ring, plaintext);
        const b = sealToken(ring, plaintext);
        expect(a).not.toBe(b);
        expect(a.split('.')[2]).not.toBe(b.split('.')[2]);
        expect(openToken(ring, a)).toBe(plaintext);
        expect(openToken(ring, b)).toBe(plaintext);
      }),
    );
  });

  it('refuses a string with a lone surrogate instead of changing it', () => {
    expect(() => sealToken(ring, 'abc\uD800')).toThrow(/well-formed Unicode/);
  });

  it('fails on any changed character', () => {
    const sealed = sealToken(ring, token);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'.split('');
    fc.assert(
      fc.property(fc.nat({ max: sealed.length - 1 }), fc.constantFrom(...alphabet), (at, replacement) => {
        fc.pre(sealed[at] !== replacement);
        const altered = sealed.slice(0, at) + replacement + sealed.slice(at + 1);
        expect(() => openToken(ring, altered)).toThrow(TokenDecryptionError);
      }),
      { numRuns: 500 },
    );
  });

  it('fails when the key id is swapped for another key in the ring', () => {
    const error = decryptionError(() =>
      openToken(
        ring,
        withPart(sealToken(ring, token), 1, () => 'k2'),
      ),
    );
    expect(error).toMatchObject({ reason: 'tampered', keyId: 'k2' });
    expect(error.message).toMatch(/key "k2": authentication failed/);
  });

  it('fails when the key id is unknown, naming it', () => {
    const error = decryptionError(() =>
      openToken(
        ring,
        withPart(sealToken(ring, token), 1, () => 'k9'),
      ),
    );
    expect(error).toMatchObject({ reason: 'unknown-key', keyId: 'k9' });
    expect(error.message).toMatch(/key "k9": that key id is not in the keyring/);
  });

  it('fails when the format version is changed', () => {
    expect(
      decryptionError(() =>
        openToken(
          ring,
          withPart(sealToken(ring, token), 0, () => 'v2'),
        ),
      ),
    ).toMatchObject({
      reason: 'unsupported-version',
    });
  });

  it.each([
    ['the iv', 2, 0],
    ['the ciphertext', 3, 0],
    ['the tag', 3, -1],
  ])('fails when a bit of %s flips', (_what, part, byte) => {
    const altered = withPart(sealToken(ring, token), part, (p) => flipBit(p, byte, 3));
    expect(decryptionError(() => openToken(ring, altered))).toMatchObject({ reason: 'tampered', keyId: 'k1' });
  });

  it.each([
    ['a truncated tag', (s: string) => withPart(s, 3, (p) => Buffer.from(p, 'base64url').subarray(0, -1).toString('base64url'))],
    ['a short iv', (s: string) => withPart(s, 2, (p) => Buffer.from(p, 'base64url').subarray(1).toString('base64url'))],
    ['a non-canonical encoding', (s: string) => withPart(s, 3, (p) => `${p}=`)],
  ])('fails on %s', (_what, alter) => {
    expect(decryptionError(() => openToken(ring, alter(sealToken(ring, token))))).toMatchObject({ reason: 'tampered', keyId: 'k1' });
  });

  it.each(['', 'plain-token', 'v1.k1.abc', 'v1.k1.a.b.c', 'v1.bad:id.aaaa.bbbb'])('fails on the malformed value %j', (value) => {
    expect(decryptionError(() => openToken(ring, value))).toMatchObject({ reason: 'malformed', keyId: undefined });
  });

  it('never shows the token in errors, whatever is printed', () => {
    const sealed = sealToken(ring, token);
    const error = decryptionError(() =>
      openToken(
        ring,
        withPart(sealed, 3, (p) => flipBit(p, 0)),
      ),
    );
    for (const printed of [error.message, String(error), inspect(error, { showHidden: true, depth: 10 }), JSON.stringify(error)]) {
      expect(printed).not.toContain(token);
      expect(printed).not.toContain(sealed.split('.')[3]);
    }
  });
});

describe('rotation', () => {
  const oldRing = parseKeyring(k1);
  const rotatedRing = parseKeyring(`${k2},${k1}`);
  const newOnlyRing = parseKeyring(k2);

  it('keeps opening tokens sealed with a retired key, and flags them', () => {
    const sealed = sealToken(oldRing, token);
    expect(needsRotation(oldRing, sealed)).toBe(false);
    expect(openToken(rotatedRing, sealed)).toBe(token);
    expect(needsRotation(rotatedRing, sealed)).toBe(true);
    expect(needsRotation(rotatedRing, sealToken(rotatedRing, token))).toBe(false);
  });

  it('re-seals with the active key so the old key can be dropped', () => {
    const sealed = sealToken(oldRing, token);
    const rotated = rotateSealed(rotatedRing, sealed);
    expect(rotated.startsWith('v1.k2.')).toBe(true);
    expect(needsRotation(rotatedRing, rotated)).toBe(false);
    expect(openToken(newOnlyRing, rotated)).toBe(token);
    expect(decryptionError(() => openToken(newOnlyRing, sealed))).toMatchObject({ reason: 'unknown-key', keyId: 'k1' });
  });

  it('is a loop over stored rows', () => {
    const rows = ['a', 'b', 'c'].map((id, i) => ({ id, sealed: sealToken(i === 1 ? rotatedRing : oldRing, `token-${id}`) }));
    const updates = rows.filter((row) => needsRotation(rotatedRing, row.sealed)).map((row) => ({ id: row.id, sealed: rotateSealed(rotatedRing, row.sealed) }));
    expect(updates.map((u) => u.id)).toEqual(['a', 'c']);
    for (const u of updates) expect(openToken(newOnlyRing, u.sealed)).toBe(`token-${u.id}`);
  });

  it('rejects a malformed value rather than guessing', () => {
    expect(() => needsRotation(rotatedRing, 'not-sealed')).toThrow(TokenDecryptionError);
  });

  it('holds for any sequence of rotations', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 1, max: 5 }), (plaintext, rotations) => {
        const entries = Array.from({ length: rotations + 1 }, (_, i) => `r${i}:${randomBytes(32).toString('base64')}`);
        let current: Keyring = parseKeyring(entries[0] ?? '');
        let sealed = sealToken(current, plaintext);
        for (let i = 1; i <= rotations; i++) {
          current = parseKeyring(
            entries
              .slice(0, i + 1)
              .reverse()
              .join(','),
          );
          expect(needsRotation(current, sealed)).toBe(true);
          sealed = rotateSealed(current, sealed);
        }
        expect(openToken(parseKeyring(entries[rotations] ?? ''), sealed)).toBe(plaintext);
      }),
      { numRuns: 50 },
    );
  });
});
