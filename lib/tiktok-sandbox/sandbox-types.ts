import type { z } from 'zod';
import type { SandboxClock } from './clock';
import type { worldSpecSchema } from './large-world';
import type { FaultConfig, FaultInjector } from './faults';
import type { RateLimitConfig, RateLimiter } from './rate-limiter';
import type { World } from './world';

// The sandbox's shape, apart from its implementation, so that the control routes (which the
// sandbox serves) can name it without importing the sandbox.

export type WorldSpec = z.input<typeof worldSpecSchema>;

export type SandboxOptions = {
  /** Same seed (and same start on a frozen clock) → byte-identical responses. */
  seed?: string;
  /** The hand-made world covering every health rule (default), or a generated one for benchmarks. */
  world?: WorldSpec;
  /** 'frozen' (default) moves only when told; 'running' follows the wall clock from `start`. */
  clock?: 'frozen' | 'running';
  /** The sandbox's "now" at creation; every seeded date is relative to it. Default: SANDBOX_EPOCH when frozen, the wall clock when running. */
  start?: Date | number;
  /** Path prefix the handler is mounted under, e.g. `/sandbox`. */
  basePath?: string;
  /** TikTok's Basic tier by default; false turns rate limiting off. */
  rateLimits?: false | Partial<RateLimitConfig>;
  faults?: FaultConfig;
  /** Serve `<basePath>/_control/…` (default true); mount the sandbox only in demo and test wiring. */
  control?: boolean;
};

export type ResetOptions = { seed?: string; world?: WorldSpec; start?: Date | number };

export type Sandbox = {
  handle(request: Request): Promise<Response>;
  /** The current world; `reset` replaces it. */
  readonly world: World;
  readonly clock: SandboxClock;
  readonly faults: FaultInjector;
  readonly rateLimits: RateLimiter;
  readonly basePath: string;
  /** Rebuilds the world and forgets OAuth codes and issued tokens; faults and rate limits stay as configured. */
  reset(options?: ResetOptions): void;
  /** An OAuth auth_code as the consent page would issue it (all ad accounts unless given). */
  issueAuthCode(advertiserIds?: string[]): string;
  describe(): { now: string; seed: string; world: WorldSpec; counts: Record<string, number> };
};
