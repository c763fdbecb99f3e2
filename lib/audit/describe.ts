import type { AuditEntry } from './queries';

/** One plain sentence per audit entry, as the activity feed shows it. */
export function describeAuditEntry(entry: Pick<AuditEntry, 'action' | 'target' | 'meta' | 'actorName' | 'actorEmail'>): string {
  const actor = entry.actorName ?? entry.actorEmail ?? 'Someone';
  const m = entry.meta;
  // Member entries target a user id and carry the email at the time of the change.
  const target = typeof m.email === 'string' ? m.email : (entry.target ?? 'someone');
  switch (entry.action) {
    case 'org.created':
      return `${actor} created the organization`;
    case 'org.settings_changed':
      if (typeof m.timeZone === 'string') return `${actor} set the organization's timezone to ${m.timeZone}`;
      if (typeof m.permissionRefreshHours === 'number') return `${actor} set team permissions to be read every ${String(m.permissionRefreshHours)} hours`;
      if (typeof m.previewChecksPerHour === 'number') return `${actor} set the preview budget to ${String(m.previewChecksPerHour)} checks an hour`;
      return m.syncIntervalMinutes === 0 ? `${actor} turned the sync schedule off` : `${actor} set the sync schedule to every ${String(m.syncIntervalMinutes)} minutes`;
    case 'member.role_changed':
      return `${actor} changed ${target}'s role from ${String(m.from)} to ${String(m.to)}`;
    case 'member.removed':
      return `${actor} removed ${target} from the organization`;
    case 'member.left':
      return `${actor} left the organization`;
    case 'invitation.created':
      return `${actor} invited ${target} as ${String(m.role)}`;
    case 'invitation.revoked':
      return `${actor} revoked the invitation for ${target}`;
    case 'invitation.accepted':
      return `${actor} joined as ${String(m.role)}`;
    case 'connection.created':
      return `${actor} connected TikTok (${target}, ${String(m.advertisers)} ad accounts)`;
    case 'connection.updated':
      return `${actor} changed what ${target} syncs (${String(m.advertisers)} ad accounts, ${String(m.businessCenters)} Business Centers)`;
    case 'connection.reconnected':
      return `${actor} reconnected ${target}`;
    case 'connection.disconnected':
      return `${actor} disconnected ${target}`;
    case 'alerts.settings_changed':
      return `${actor} changed the alerts: ${describeAlertSettings(m)}`;
    case 'alerts.channel_added':
      return `${actor} added ${target} as an alert ${m.kind === 'slack' ? 'Slack channel' : 'recipient'}`;
    case 'alerts.channel_removed':
      return `${actor} removed the alert ${m.kind === 'slack' ? 'Slack channel' : 'recipient'} ${target}`;
    case 'alerts.test_sent':
      return `${actor} sent a test alert to ${target}`;
    case 'code_batch.submitted': {
      const accounts = Array.isArray(m.adAccounts) ? m.adAccounts.map(String).join(', ') : 'ad accounts';
      return `${actor} submitted ${String(m.codes)} creator code${m.codes === 1 ? '' : 's'} for ${accounts}${m.skipped ? ` (${String(m.skipped)} skipped)` : ''}`;
    }
    case 'code_batch.applied':
    case 'code_batch.retried':
      return `${actor} ${entry.action === 'code_batch.retried' ? 'retried failed creator codes' : 'applied creator codes'}: ${String(m.applied)} applied, ${String(m.alreadyApplied)} already applied, ${String(m.failed)} failed, ${String(m.skipped)} skipped`;
    case 'renewal.created':
      return `${actor} created a renewal link for post ${target}${m.handle ? ` by @${String(m.handle)}` : ''}${m.emailed ? ' and e-mailed it to the creator' : ''}`;
    case 'renewal.revoked':
      return `${actor} revoked the renewal link for post ${target}`;
    case 'renewal.applied':
      return `The creator${m.handle ? ` @${String(m.handle)}` : ''} renewed post ${target} through the renewal link (code ${String(m.code)})`;
    case 'renewal.failed':
      return `A code the creator sent for post ${target} through the renewal link was not applied: ${String(m.reason)}`;
    case 'api_key.created':
      return `${actor} made the ${String(m.role)} API key ${target} (${String(m.prefix)}…)${typeof m.expiresAt === 'string' ? `, expiring ${m.expiresAt.slice(0, 10)}` : ''}`;
    case 'api_key.revoked':
      return `${actor} revoked the API key ${target} (${String(m.prefix)}…)`;
    case 'api_key.use_denied':
      return `The API key ${target} (${String(m.prefix)}…) was refused: ${API_KEY_REFUSALS[String(m.reason)] ?? String(m.reason)}`;
    default:
      return `${actor}: ${entry.action}${entry.target ? ` (${target})` : ''}`;
  }
}

const API_KEY_REFUSALS: Record<string, string> = {
  revoked: 'it was revoked',
  expired: 'it has expired',
  'creator left': 'the person who made it left the organization',
  'another organization': "it was used on another organization's address",
  'role too low': 'its role does not allow that request',
};

/** "expiry window 30 days, daily digest off, …" from the changed alert settings. */
function describeAlertSettings(m: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof m.expiryWindowDays === 'number') parts.push(`expiry window ${m.expiryWindowDays} days`);
  if (typeof m.dailyDigest === 'boolean') parts.push(`daily digest ${m.dailyDigest ? 'on' : 'off'}`);
  if (typeof m.digestHourUtc === 'number') parts.push(`digest at ${String(m.digestHourUtc).padStart(2, '0')}:00 UTC`);
  if (typeof m.immediateBlocking === 'boolean') parts.push(`immediate blocking alerts ${m.immediateBlocking ? 'on' : 'off'}`);
  return parts.join(', ') || 'no change';
}
