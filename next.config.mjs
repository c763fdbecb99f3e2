/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its WASM and data files from its package directory; argon2 and postgres are
  // native/Node-only. Bundling any of them breaks them, so they stay external.
  serverExternalPackages: ['@electric-sql/pglite', '@node-rs/argon2', 'postgres'],
  poweredByHeader: false,
  // TikTok's API paths end with a slash and the mounted sandbox must keep them; no page relies on the redirect.
  skipTrailingSlashRedirect: true,
  // forbidden() + app/forbidden.tsx: a page your role does not reach answers 403 with its own page.
  experimental: { authInterrupts: true },
  // Every response (pages, API, static files). The CSP with its per-request nonce is set in proxy.ts.
  async headers() {
    const security = [
      { key: 'X-Content-Type-Options', value: 'nosniff' },
      { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
      { key: 'X-Frame-Options', value: 'DENY' },
      ...(process.env.NODE_ENV === 'production' ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
    ];
    return [{ source: '/:path*', headers: security }];
  },
};

export default nextConfig;
