import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createOAuthState, InvalidOAuthStateError, OAUTH_STATE_TTL_MS, verifyOAuthState } from './oauth-state';

const secret = 's'.repeat(40);
const orgId = '4f0e5c1a-8a55-4b3b-9f5e-2a3c4d5e6f70';

describe('OAuth state', () => {
  it('round-trips the organization and user that started the flow', () => {
    const state = createOAuthState(secret, { orgId, userId: 'user-1', now: 1_000 });
    expect(verifyOAuthState(secret, state, 2_000)).toMatchObject({ orgId, userId: 'user-1' });
  });

  it('refuses an expired state, another secret, and any altered character', () => {
    const state = createOAuthState(secret, { orgId, userId: 'user-1', now: 0 });
    expect(() => verifyOAuthState(secret, state, OAUTH_STATE_TTL_MS + 1)).toThrow(/expired/);
    expect(() => verifyOAuthState('t'.repeat(40), state, 1)).toThrow(InvalidOAuthStateError);
    fc.assert(
      fc.property(fc.nat({ max: state.length - 1 }), fc.constantFrom(...'abcXYZ019-_.'), (i, ch) => {
        fc.pre(state[i] !== ch);
        const altered = state.slice(0, i) + ch + state.slice(i + 1);
        expect(() => verifyOAuthState(secret, altered, 1)).toThrow(InvalidOAuthStateError);
      }),
    );
  });

  it('refuses garbage', () => {
    for (const bad of ['', 'x', 'a.b.c', '.', 'e30.']) expect(() => verifyOAuthState(secret, bad, 1)).toThrow(InvalidOAuthStateError);
  });
});
