export * from './auth';
export * from './tenancy';
export * from './audit';
export * from './tiktok-limiter';
export * from './tiktok';
export * from './sync';
export * from './health';
export * from './alerts';
