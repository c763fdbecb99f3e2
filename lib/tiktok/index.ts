export * from './calls';
export * from './client';
export * from './errors';
export * from './limiter';
export * from './limiter-postgres';
export * from './pagination';
export * from './schemas';
export * from './transport';
