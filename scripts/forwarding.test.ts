import { describe, expect, it } from 'vitest';
import { clientIp } from '@/lib/http/request';
import { clientAddress, rewriteForwarding, trustedProxies } from './forwarding.mjs';

describe('the client address the app throttles on', () => {
  it('is the socket address with no trusted proxy, whatever X-Forwarded-For says', () => {
    const headers: Record<string, string | string[] | undefined> = { 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '5.6.7.8', 'x-forwarded-host': 'evil.example', forwarded: 'for=9.9.9.9' };
    rewriteForwarding(headers, { socketAddress: '::ffff:203.0.113.7', trusted: 0, encrypted: false });
    expect(headers).toEqual({ 'x-forwarded-for': '203.0.113.7', 'x-forwarded-proto': 'http' });
    expect(clientIp(new Headers(headers as Record<string, string>))).toBe('203.0.113.7');
  });

  it('is the Nth address from the right with N trusted proxies; what the client prepended is ignored', () => {
    // client typed "6.6.6.6"; the outer proxy appended the real client 198.51.100.9; the inner one appended the outer proxy 10.0.0.2.
    const forwardedFor = '6.6.6.6, 198.51.100.9, 10.0.0.2';
    expect(clientAddress({ socketAddress: '10.0.0.3', forwardedFor, trusted: 1 })).toBe('10.0.0.2');
    expect(clientAddress({ socketAddress: '10.0.0.3', forwardedFor, trusted: 2 })).toBe('198.51.100.9');
    expect(clientAddress({ socketAddress: '10.0.0.3', forwardedFor: '198.51.100.9', trusted: 3 })).toBe('198.51.100.9');
    expect(clientAddress({ socketAddress: '10.0.0.3', forwardedFor: undefined, trusted: 1 })).toBe('10.0.0.3');
  });

  it('keeps a trusted proxy’s host and protocol, joins repeated headers, and drops the rest', () => {
    const headers: Record<string, string | string[] | undefined> = {
      'x-forwarded-for': ['7.7.7.7', '198.51.100.4'],
      'x-forwarded-host': 'app.example.com',
      'x-forwarded-proto': 'https',
      'x-real-ip': '7.7.7.7',
    };
    rewriteForwarding(headers, { socketAddress: '127.0.0.1', trusted: 1, encrypted: false });
    expect(headers).toEqual({ 'x-forwarded-for': '198.51.100.4', 'x-forwarded-host': 'app.example.com', 'x-forwarded-proto': 'https' });
  });

  it('reads TRUSTED_PROXIES, naming a bad value', () => {
    expect(trustedProxies(undefined)).toBe(0);
    expect(trustedProxies('2')).toBe(2);
    expect(() => trustedProxies('yes')).toThrow(/TRUSTED_PROXIES must be a whole number/);
  });
});
