import { z } from 'zod';
import type { Random } from './random';

/**
 * `rate_limited` answers 40100 as the rate limits do, but on cue (a script) rather than by timing.
 * `lost_response` does the work, then hangs like `timeout`: the write happened, the answer never arrives.
 */
export const FAULT_KINDS = ['http_5xx', 'timeout', 'error_50000', 'error_60001', 'truncated_json', 'slow', 'rate_limited', 'lost_response'] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export type Fault = { kind: FaultKind; status?: number; delayMs?: number };

const faultSchema = z.union([
  z.enum(FAULT_KINDS).transform((kind): Fault => ({ kind })),
  z.object({
    kind: z.enum(FAULT_KINDS),
    /** HTTP status for `http_5xx` (default 503). */
    status: z.number().int().min(500).max(599).optional(),
    /** Delay for `slow` (default 3 s). */
    delayMs: z.number().int().min(0).optional(),
  }),
]);

/** Endpoint paths are written without slashes (`ad/get`); `*` matches every path. */
const pathSchema = z.string().transform((path) => path.replace(/^\/+|\/+$/g, '') || '*');

export const faultConfigSchema = z.object({
  /** Added to every API response. */
  latencyMs: z.number().int().min(0).optional(),
  /** How long a `timeout` hangs if the client never aborts, before answering 504. */
  hangMs: z.number().int().min(0).optional(),
  /** Chance (seeded) that a request fails with one of `kinds`. */
  probability: z.number().min(0).max(1).optional(),
  kinds: z.array(z.enum(FAULT_KINDS)).min(1).optional(),
  /** Limit random faults to these paths. */
  paths: z.array(pathSchema).optional(),
  /** Faults for the next calls, in order, e.g. `[{ path: 'ad/get', faults: ['error_50000', 'timeout', 'truncated_json'] }]`. */
  script: z.array(z.object({ path: pathSchema, faults: z.array(faultSchema).min(1) })).optional(),
});

export type FaultConfig = z.input<typeof faultConfigSchema>;
type ParsedFaultConfig = z.output<typeof faultConfigSchema>;

const DEFAULT_HANG_MS = 120_000;

/** Decides, per API request, whether infrastructure misbehaves: a script first, then seeded chance. */
export class FaultInjector {
  private latency = 0;
  private hang = DEFAULT_HANG_MS;
  private probability = 0;
  private kinds: FaultKind[] = [...FAULT_KINDS];
  private paths: string[] | null = null;
  private readonly queues = new Map<string, Fault[]>();

  constructor(private readonly random: Random) {}

  get latencyMs(): number {
    return this.latency;
  }

  get hangMs(): number {
    return this.hang;
  }

  /** Sets the given settings and appends any script; settings not given are kept. */
  configure(input: FaultConfig): void {
    this.apply(faultConfigSchema.parse(input));
  }

  /** `configure` for a config already validated by `faultConfigSchema`. */
  apply(config: ParsedFaultConfig): void {
    if (config.latencyMs !== undefined) this.latency = config.latencyMs;
    if (config.hangMs !== undefined) this.hang = config.hangMs;
    if (config.probability !== undefined) this.probability = config.probability;
    if (config.kinds !== undefined) this.kinds = config.kinds;
    if (config.paths !== undefined) this.paths = config.paths;
    for (const entry of config.script ?? []) {
      const queue = this.queues.get(entry.path);
      if (queue === undefined) this.queues.set(entry.path, [...entry.faults]);
      else queue.push(...entry.faults);
    }
  }

  clear(): void {
    this.latency = 0;
    this.hang = DEFAULT_HANG_MS;
    this.probability = 0;
    this.kinds = [...FAULT_KINDS];
    this.paths = null;
    this.queues.clear();
  }

  next(path: string): Fault | null {
    const scripted = this.queues.get(path)?.shift() ?? this.queues.get('*')?.shift();
    if (scripted !== undefined) return scripted;
    if (this.probability <= 0 || (this.paths !== null && !this.paths.includes(path))) return null;
    return this.random.chance(this.probability) ? { kind: this.random.pick(this.kinds) } : null;
  }
}
