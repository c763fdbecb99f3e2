import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashAuthCode, maskAuthCode, memberKeyOf } from './rows';

describe('Spark codes at rest', () => {
  const code = '#Bz9+Qk1mYWtlX2NvZGVfZm9yX3Rlc3Rz/AbC==';

  it('keeps only the first four and last three characters', () => {
    expect(maskAuthCode(code)).toBe('#Bz9…C==');
    expect(maskAuthCode('#short+1')).toBe('…');
  });

  it('hashes the code byte-exact, so a pasted code can be matched', () => {
    expect(hashAuthCode(code)).toBe(createHash('sha256').update(code).digest('hex'));
    expect(hashAuthCode(code)).not.toBe(hashAuthCode(code.replace('+', ' ')));
  });
});

describe('memberKeyOf', () => {
  it('is the user id, or the e-mail for an invitee TikTok gives no user id', () => {
    expect(memberKeyOf({ user_id: '7001', user_email: 'a@example.com' })).toBe('7001');
    expect(memberKeyOf({ user_id: null, user_email: 'New.Hire@Example.com' })).toBe('email:new.hire@example.com');
    expect(memberKeyOf({ user_id: null, user_email: null })).toBeNull();
  });
});
