export { createSandbox, type ResetOptions, type Sandbox, type SandboxOptions, type WorldSpec } from './sandbox';
export { startSandboxServer, type RunningSandboxServer } from './node-server';
export { DEMO_SANDBOX_BASE_PATH, getProcessSandbox } from './process-sandbox';
export {
  APP_SCOPES,
  SANDBOX_ACCESS_TOKEN,
  SANDBOX_APP_ID,
  SANDBOX_APP_SECRET,
  SANDBOX_EPOCH,
  SANDBOX_SEED,
  SANDBOX_TOKEN_SINGLE_ADVERTISER,
  SANDBOX_TOKEN_WITHOUT_SPARK_SCOPES,
  SCOPES,
} from './constants';
export { SPARK_CODE_ERRORS } from './spark-codes';
export { FAULT_KINDS, type Fault, type FaultConfig, type FaultKind } from './faults';
export { DEFAULT_RATE_LIMITS, type RateLimitConfig } from './rate-limiter';
export { largeWorldOptionsSchema, type LargeWorldOptions } from './large-world';
export { describeManifest } from './control';
export { World, WorldError } from './world';
export type { AdExpectation, CreatorCodeCase, CreatorCodeKind, HealthRuleCode, Severity, SparkCodeErrorKey } from './types';
