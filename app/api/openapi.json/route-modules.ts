import type { RouteModuleEntry } from '@/lib/openapi/document';
import * as r0 from '../orgs/[org]/ads/[adId]/route';
import * as r1 from '../orgs/[org]/ads/[adId]/support-packet/route';
import * as r2 from '../orgs/[org]/ads/csv/route';
import * as r3 from '../orgs/[org]/ads/route';
import * as r4 from '../orgs/[org]/alerts/channels/[id]/route';
import * as r5 from '../orgs/[org]/alerts/channels/[id]/test/route';
import * as r6 from '../orgs/[org]/alerts/channels/route';
import * as r7 from '../orgs/[org]/alerts/deliveries/route';
import * as r8 from '../orgs/[org]/alerts/route';
import * as r9 from '../orgs/[org]/api-keys/[id]/route';
import * as r10 from '../orgs/[org]/api-keys/route';
import * as r11 from '../orgs/[org]/code-batches/[id]/csv/route';
import * as r12 from '../orgs/[org]/code-batches/[id]/route';
import * as r13 from '../orgs/[org]/code-batches/[id]/run/route';
import * as r14 from '../orgs/[org]/code-batches/preview/route';
import * as r15 from '../orgs/[org]/code-batches/route';
import * as r16 from '../orgs/[org]/connections/[id]/route';
import * as r17 from '../orgs/[org]/connections/oauth/route';
import * as r18 from '../orgs/[org]/connections/route';
import * as r19 from '../orgs/[org]/invitations/[id]/route';
import * as r20 from '../orgs/[org]/invitations/route';
import * as r21 from '../orgs/[org]/members/[userId]/route';
import * as r22 from '../orgs/[org]/members/route';
import * as r23 from '../orgs/[org]/route';
import * as r24 from '../orgs/[org]/sync/[runId]/route';
import * as r25 from '../orgs/[org]/sync/route';
import * as r26 from '../orgs/[org]/team/compare/route';
import * as r27 from '../orgs/[org]/team/explain/route';
import * as r28 from '../orgs/[org]/team/refresh/route';
import * as r29 from '../orgs/route';
import * as r30 from '../orgs/[org]/renewals/[id]/revoke/route';
import * as r31 from '../orgs/[org]/renewals/route';

/**
 * Every route file under app/api/orgs, with what each method does in a sentence: the OpenAPI
 * document is built from these modules' own schemas. `app/api/openapi.json/route-modules.test.ts`
 * fails when a route file (or one of its methods) is missing here.
 */
export const ORG_ROUTE_MODULES: RouteModuleEntry[] = [
  { path: '/api/orgs/[org]/ads/[adId]', module: r0, summaries: { GET: "One ad's health, findings with fixes, and the synced data behind them" } },
  { path: '/api/orgs/[org]/ads/[adId]/support-packet', module: r1, summaries: { GET: "One ad's support packet for TikTok support (JSON, or Markdown with format=md)" } },
  { path: '/api/orgs/[org]/ads/csv', module: r2, summaries: { GET: 'The filtered ads list as a CSV download (every matching ad)' } },
  { path: '/api/orgs/[org]/ads', module: r3, summaries: { GET: 'The ads list with health, findings and fixes (filters, sort, page)' } },
  { path: '/api/orgs/[org]/alerts/channels/[id]', module: r4, summaries: { DELETE: 'Remove an alert channel' } },
  { path: '/api/orgs/[org]/alerts/channels/[id]/test', module: r5, summaries: { POST: 'Send a test alert to a channel now' } },
  { path: '/api/orgs/[org]/alerts/channels', module: r6, summaries: { POST: 'Add an alert e-mail recipient or Slack channel' } },
  { path: '/api/orgs/[org]/alerts/deliveries', module: r7, summaries: { GET: 'The alert outbox and delivery log' } },
  { path: '/api/orgs/[org]/alerts', module: r8, summaries: { GET: 'Alert settings and channels', PATCH: 'Change alert settings' } },
  { path: '/api/orgs/[org]/api-keys/[id]', module: r9, summaries: { DELETE: 'Revoke an API key' } },
  { path: '/api/orgs/[org]/api-keys', module: r10, summaries: { GET: "The organization's API keys (prefix, role, creator, last use)", POST: 'Make an API key (shown once in the answer)' } },
  { path: '/api/orgs/[org]/code-batches/[id]/csv', module: r11, summaries: { GET: "A batch's results as a CSV download (codes masked)" } },
  { path: '/api/orgs/[org]/code-batches/[id]', module: r12, summaries: { GET: "A batch with each code's state and result" } },
  { path: '/api/orgs/[org]/code-batches/[id]/run', module: r13, summaries: { POST: 'Retry failed codes, or resume a batch' } },
  { path: '/api/orgs/[org]/code-batches/preview', module: r14, summaries: { POST: 'Preview creator codes: what each code is and pre-flight warnings; changes nothing' } },
  { path: '/api/orgs/[org]/code-batches', module: r15, summaries: { GET: 'Creator-code batches, newest first', POST: 'Apply creator codes to ad accounts (Idempotency-Key header)' } },
  {
    path: '/api/orgs/[org]/connections/[id]',
    module: r16,
    summaries: { GET: 'One TikTok connection', PATCH: 'Choose what a connection syncs, or rename it', DELETE: 'Disconnect a TikTok connection' },
  },
  { path: '/api/orgs/[org]/connections/oauth', module: r17, summaries: { GET: 'Start connecting TikTok (redirects to TikTok)' } },
  { path: '/api/orgs/[org]/connections', module: r18, summaries: { GET: 'TikTok connections', POST: 'Connect TikTok with a Marketing API access token' } },
  { path: '/api/orgs/[org]/invitations/[id]', module: r19, summaries: { DELETE: 'Revoke an invitation' } },
  { path: '/api/orgs/[org]/invitations', module: r20, summaries: { GET: 'Pending invitations', POST: 'Invite someone by e-mail with a role' } },
  { path: '/api/orgs/[org]/members/[userId]', module: r21, summaries: { PATCH: "Change a member's role", DELETE: 'Remove a member, or leave' } },
  { path: '/api/orgs/[org]/members', module: r22, summaries: { GET: 'Members and their roles' } },
  { path: '/api/orgs/[org]', module: r23, summaries: { GET: 'The organization and your role in it', PATCH: 'Change organization settings (sync schedule, permission refresh, preview budget)' } },
  { path: '/api/orgs/[org]/sync/[runId]', module: r24, summaries: { GET: "A sync run's progress and errors" } },
  { path: '/api/orgs/[org]/sync', module: r25, summaries: { POST: 'Sync now' } },
  { path: '/api/orgs/[org]/team/compare', module: r26, summaries: { GET: 'Compare 2–5 Business Center members side by side' } },
  { path: '/api/orgs/[org]/team/explain', module: r27, summaries: { GET: 'Can this member use this post as a Spark Ad, and if not, the missing link and its fix' } },
  { path: '/api/orgs/[org]/team/refresh', module: r28, summaries: { POST: 'Read team permissions from TikTok now' } },
  { path: '/api/orgs', module: r29, summaries: { GET: 'The organizations you belong to (signed-in sessions only)', POST: 'Create an organization (signed-in sessions only)' } },
  { path: '/api/orgs/[org]/renewals/[id]/revoke', module: r30, summaries: { POST: 'Revoke a renewal link; the creator can no longer use it' } },
  {
    path: '/api/orgs/[org]/renewals',
    module: r31,
    summaries: { GET: 'Renewal requests, newest first, each with its status', POST: 'Make a renewal link for a post (shown once; optionally e-mailed to the creator)' },
  },
];
