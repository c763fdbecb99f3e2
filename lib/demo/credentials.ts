/** The demo login exists only in demo mode (embedded default or DEMO=1). */
export const DEMO_EMAIL = 'demo@sparkcheck.local';
export const DEMO_PASSWORD = 'sparkcheck-demo';
export const DEMO_ORG_SLUG = 'demo';
