import type { SyncError, SyncWarning } from '@/db/schema';
import type { TikTokApiError } from '@/lib/tiktok';

// Token expired, missing or revoked (reference §6.2). 40106 (token does not match one advertiser)
// and 40130 (a scope not granted) concern one unit, not the whole token.
const RECONNECT_CODES = new Set([40102, 40104, 40105]);

/** The token itself is no good: nothing will sync until someone reconnects TikTok. */
export function needsReconnect(error: TikTokApiError): boolean {
  return error.kind === 'auth' && (error.code === null || RECONNECT_CODES.has(error.code));
}

function said(error: TikTokApiError): string {
  return error.code === null ? error.message : `code ${error.code}: “${error.message}”`;
}

export function reconnectReason(error: TikTokApiError): string {
  return `TikTok no longer accepts this connection’s access token (${said(error)}). Reconnect TikTok to resume syncing.`;
}

/** One unit's failure as the sync run shows it; `subject` names what failed, e.g. “ad account Northwind US”. */
export function describeSyncError(error: TikTokApiError, scope: string, subject: string): SyncError {
  const messages: Record<TikTokApiError['kind'], string> = {
    permission: `TikTok refused access to ${subject} (${said(error)}). The connected TikTok user may have lost access to it, or the app was not granted this permission.`,
    not_found: `TikTok could not find ${subject} (${said(error)}).`,
    rate_limited: `TikTok kept rate-limiting requests for ${subject}; the next sync will try again.`,
    transient: `TikTok did not answer in time or had an internal error while reading ${subject} (${said(error)}); the next sync will try again.`,
    protocol: `TikTok sent a response for ${subject} that could not be read; the next sync will try again.`,
    invalid: `TikTok rejected a request for ${subject} as invalid (${said(error)}).`,
    auth: `TikTok did not accept this connection for ${subject} (${said(error)}).`,
    unknown: `TikTok returned an unexpected error for ${subject} (${said(error)}).`,
  };
  return { scope, code: error.code, message: messages[error.kind] };
}

/** One warning in words: which call, which row, which field, what TikTok sent and what was done. */
export function describeSyncWarning({ endpoint, rowId, field, message, raw }: SyncWarning): string {
  if (field === 'page') return `${endpoint}: ${message}.`;
  const row = rowId === null ? 'a row without a readable id' : `row ${rowId}`;
  const sent = raw === null ? '' : ` (TikTok sent ${JSON.stringify(raw)})`;
  return `${endpoint} ${row}, field ${field}: ${message}${sent}.`;
}
