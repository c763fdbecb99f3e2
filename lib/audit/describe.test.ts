import { describe, expect, it } from 'vitest';
import { describeAuditEntry } from './describe';

const entry = (action: string, target: string, meta: Record<string, unknown>) => ({ action, target, meta, actorName: 'Dana', actorEmail: 'dana@example.com' });

describe('API key entries in the activity feed', () => {
  it('say who made or revoked which key, by name and prefix', () => {
    expect(describeAuditEntry(entry('api_key.created', 'Looker', { role: 'viewer', prefix: 'sk_live_abc', expiresAt: '2027-03-06T00:00:00.000Z' }))).toBe(
      'Dana made the viewer API key Looker (sk_live_abc…), expiring 2027-03-06',
    );
    expect(describeAuditEntry(entry('api_key.revoked', 'Looker', { prefix: 'sk_live_abc' }))).toBe('Dana revoked the API key Looker (sk_live_abc…)');
  });

  it('say why a key was refused, in words', () => {
    expect(describeAuditEntry(entry('api_key.use_denied', 'Looker', { prefix: 'sk_live_abc', reason: 'another organization' }))).toBe(
      "The API key Looker (sk_live_abc…) was refused: it was used on another organization's address",
    );
    expect(describeAuditEntry(entry('api_key.use_denied', 'Bot', { prefix: 'sk_live_x', reason: 'expired' }))).toBe('The API key Bot (sk_live_x…) was refused: it has expired');
  });
});
