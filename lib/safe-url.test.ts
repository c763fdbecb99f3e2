import { describe, expect, it } from 'vitest';
import { httpsUrlOrNull, safeCallbackPath } from './safe-url';

describe('safeCallbackPath', () => {
  it('keeps paths on this site', () => {
    expect(safeCallbackPath('/o/acme/ads?status=blocking#top')).toBe('/o/acme/ads?status=blocking#top');
    expect(safeCallbackPath('/invite/abc')).toBe('/invite/abc');
  });

  it('sends everything that could leave the site to /', () => {
    for (const escape of [
      '/\t/evil.example',
      '/\n/evil.example',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example/',
      'javascript:alert(1)',
      '/%09/evil.example/../',
      ' /x',
      '',
      null,
      42,
    ]) {
      const path = safeCallbackPath(escape);
      expect(new URL(path, 'https://app.example').origin, JSON.stringify(escape)).toBe('https://app.example');
    }
    expect(safeCallbackPath('/\t/evil.example')).toBe('/');
  });
});

describe('httpsUrlOrNull', () => {
  it('keeps https URLs only', () => {
    expect(httpsUrlOrNull('https://ads.tiktok.com/preview/abc?x=1')).toBe('https://ads.tiktok.com/preview/abc?x=1');
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'http://ads.tiktok.com/p', 'data:text/html,<b>x</b>', '//ads.tiktok.com/p', 'not a url', '', null, undefined]) {
      expect(httpsUrlOrNull(bad), String(bad)).toBeNull();
    }
  });
});
