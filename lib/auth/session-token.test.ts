import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { readSessionToken, sessionCookieName, SESSION_COOKIES } from './session-token';

const secret = 'a session secret of the test, 32 characters or more';
const ids = { userId: '6f1c2f0e-2d5b-4c1e-9b7a-1f2e3d4c5b6a', sid: 'session-row-1' };
const token = (salt: string, claims: Record<string, unknown> = { sub: ids.userId, sid: ids.sid }, maxAge?: number) => encode({ token: claims, secret, salt, maxAge });

describe('the session cookie, read without Auth.js running its session endpoint', () => {
  it('names the cookie as Auth.js does: secure on https (AUTH_URL first, then the forwarded protocol, else https)', () => {
    expect(sessionCookieName({ forwardedProto: 'http' })).toBe('authjs.session-token');
    expect(sessionCookieName({ forwardedProto: 'https' })).toBe('__Secure-authjs.session-token');
    expect(sessionCookieName({ forwardedProto: null })).toBe('__Secure-authjs.session-token');
    expect(sessionCookieName({ authUrl: 'http://localhost:3000', forwardedProto: 'https' })).toBe('authjs.session-token');
    expect(SESSION_COOKIES).toEqual(['authjs.session-token', '__Secure-authjs.session-token']);
  });

  it('reads the user and session row of a token Auth.js wrote, whole or split into numbered chunks', async () => {
    const name = 'authjs.session-token';
    const value = await token(name);
    expect(
      await readSessionToken({
        cookies: [
          { name: 'other', value: 'x' },
          { name, value },
        ],
        name,
        secret,
      }),
    ).toEqual(ids);
    // Auth.js splits a long token across name.0, name.1, …; the browser may send them in any order.
    const cut = Math.floor(value.length / 2);
    const chunks = [
      { name: `${name}.1`, value: value.slice(cut) },
      { name: `${name}.0`, value: value.slice(0, cut) },
    ];
    expect(await readSessionToken({ cookies: chunks, name, secret })).toEqual(ids);
  });

  it('is signed out without the cookie, with a token for the other cookie name, another secret, a changed token, an expired one, or one without a session row', async () => {
    const name = '__Secure-authjs.session-token';
    const read = (value: string, withSecret = secret) => readSessionToken({ cookies: [{ name, value }], name, secret: withSecret });
    expect(await readSessionToken({ cookies: [], name, secret })).toBeNull();
    // The plain cookie's token is encrypted for the plain name: it does not open as the secure one.
    expect(await read(await token('authjs.session-token'))).toBeNull();
    const good = await token(name);
    expect(await read(good)).toEqual(ids);
    expect(await read(good, 'another secret of 32 characters or even more')).toBeNull();
    expect(await read(`${good.slice(0, -4)}${good.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`)).toBeNull();
    expect(await read(await token(name, { sub: ids.userId, sid: ids.sid }, -60))).toBeNull();
    expect(await read(await token(name, { sub: ids.userId }))).toBeNull();
  });
});
