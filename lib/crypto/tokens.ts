import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_ID_PATTERN, type Keyring } from './keyring';

/*
 * A sealed token is one string: `v1.<keyId>.<iv>.<ciphertext‖tag>`.
 *   v1          format version
 *   keyId       the keyring entry that sealed it (so old keys keep opening after rotation)
 *   iv          base64url, 12 random bytes, new for every seal
 *   ciphertext  base64url, AES-256-GCM of the UTF-8 token followed by the 16-byte tag
 * `v1.<keyId>` is the additional authenticated data: an altered version or key id fails to open
 * instead of being trusted.
 */
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const CIPHER = 'aes-256-gcm';

export type TokenDecryptionReason = 'malformed' | 'unsupported-version' | 'unknown-key' | 'tampered';

/** Never carries the sealed value or the plaintext: only the reason and the key id. */
export class TokenDecryptionError extends Error {
  constructor(
    readonly reason: TokenDecryptionReason,
    readonly keyId: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'TokenDecryptionError';
  }
}

type Envelope = { keyId: string; iv: string; data: string };

function readEnvelope(sealed: string): Envelope {
  const parts = sealed.split('.');
  const [version, keyId, iv, data] = parts;
  if (parts.length === 4 && version !== VERSION) {
    throw new TokenDecryptionError('unsupported-version', undefined, `Sealed token has an unsupported format (expected ${VERSION})`);
  }
  if (parts.length !== 4 || keyId === undefined || !KEY_ID_PATTERN.test(keyId) || iv === undefined || data === undefined) {
    throw new TokenDecryptionError('malformed', undefined, `Sealed token is malformed: expected ${VERSION}.<keyId>.<iv>.<ciphertext>`);
  }
  return { keyId, iv, data };
}

/** Strict: Node's decoder skips stray characters, so only the canonical encoding is accepted. */
function decodeBase64url(encoded: string): Buffer | undefined {
  const bytes = Buffer.from(encoded, 'base64url');
  return bytes.toString('base64url') === encoded ? bytes : undefined;
}

// The context (e.g. the row a token belongs to) is authenticated too, so a sealed value copied
// into another row, even with access to the database, does not open there.
function additionalData(keyId: string, context: string): Buffer {
  return Buffer.from(`${VERSION}.${keyId}\n${context}`, 'utf8');
}

function tampered(keyId: string): TokenDecryptionError {
  return new TokenDecryptionError('tampered', keyId, `Cannot open token sealed with key "${keyId}": authentication failed (the value was altered, or the key's material changed)`);
}

/** Encrypts with the keyring's active key. */
export function sealToken(keyring: Keyring, plaintext: string, context = ''): string {
  const bytes = Buffer.from(plaintext, 'utf8');
  // A lone surrogate would come back as U+FFFD: refuse rather than silently change a secret.
  if (bytes.toString('utf8') !== plaintext) throw new TypeError('Token must be well-formed Unicode (it contains a lone surrogate)');
  const { id, key } = keyring.active;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(id, context));
  const data = Buffer.concat([cipher.update(bytes), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, id, iv.toString('base64url'), data.toString('base64url')].join('.');
}

/** Decrypts with whichever keyring entry sealed it; throws TokenDecryptionError otherwise. */
export function openToken(keyring: Keyring, sealed: string, context = ''): string {
  const { keyId, iv: ivText, data: dataText } = readEnvelope(sealed);
  const entry = keyring.keys.get(keyId);
  if (!entry) {
    throw new TokenDecryptionError(
      'unknown-key',
      keyId,
      `Cannot open token sealed with key "${keyId}": that key id is not in the keyring (keep retired keys in TOKEN_ENCRYPTION_KEYS until every token is rotated)`,
    );
  }
  const iv = decodeBase64url(ivText);
  const data = decodeBase64url(dataText);
  if (!iv || iv.length !== IV_BYTES || !data || data.length < TAG_BYTES) throw tampered(keyId);
  const decipher = createDecipheriv(CIPHER, entry.key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(additionalData(keyId, context));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw tampered(keyId);
  }
}

/** True when the value was sealed by a key other than the active one; throws if it is not a sealed token. */
export function needsRotation(keyring: Keyring, sealed: string): boolean {
  return readEnvelope(sealed).keyId !== keyring.active.id;
}

/** Opens with any keyring entry and seals again with the active key. No I/O: callers loop over rows. */
export function rotateSealed(keyring: Keyring, sealed: string, context = ''): string {
  return sealToken(keyring, openToken(keyring, sealed, context), context);
}

/** The context a TikTok connection's token is sealed with: its organization and row. */
export function connectionTokenContext({ orgId, connectionId }: { orgId: string; connectionId: string }): string {
  return `tiktok_connections:${orgId}:${connectionId}`;
}
