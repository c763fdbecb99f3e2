import { ApiError } from './api-error';
import { createClock, type SandboxClock } from './clock';
import { SANDBOX_EPOCH, SANDBOX_SEED } from './constants';
import { handleConsent } from './consent-page';
import type { Endpoint, EndpointContext } from './context';
import { handleControl } from './control';
import { ENDPOINTS } from './endpoints';
import { FaultInjector } from './faults';
import { generateLargeWorld, largeWorldOptionsSchema } from './large-world';
import { OAuthStore } from './oauth-store';
import { readJsonBody, readQuery } from './params';
import { createRandom, type Random } from './random';
import { DEFAULT_RATE_LIMITS, NO_RATE_LIMITS, RateLimiter } from './rate-limiter';
import { gatewayErrorPage, jsonResponse, methodNotAllowedPage, notFoundPage } from './responses';
import { seedWorld } from './seed-world';
import { formatCompactTime } from './time';
import { World } from './world';
import { WorldBuilder } from './world-builder';

import type { ResetOptions, Sandbox, SandboxOptions, WorldSpec } from './sandbox-types';

export type { ResetOptions, Sandbox, SandboxOptions, WorldSpec };

const API_PREFIX = '/open_api/v1.3/';
const RATE_LIMITED = 'Requests made too frequently. Please try again later.';
const CONTROL_PREFIX = '/_control/';

type State = { seed: string; spec: WorldSpec; world: World; oauth: OAuthStore; requestIds: Random };

function sleepUnlessAborted(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted === true) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function buildState(seed: string, spec: WorldSpec, clock: SandboxClock): State {
  const random = createRandom(seed);
  const world = new World(() => clock.now(), random.fork('mutations'));
  const builder = new WorldBuilder(world, random.fork('world'), clock.now());
  if (spec === 'seed') seedWorld(builder);
  else generateLargeWorld(builder, random.fork('large'), largeWorldOptionsSchema.parse(spec.large));
  return { seed, spec, world, oauth: new OAuthStore(clock, random.fork('oauth'), world.ref('advertiser:primary')), requestIds: random.fork('requests') };
}

/** A copy of a response with every null object field left out (array elements are kept). */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, field]) => (field === null ? [] : [[key, withoutNulls(field)]])));
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const running = options.clock === 'running';
  const clock = createClock({ start: options.start ?? (running ? Date.now() : SANDBOX_EPOCH), running });
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const faults = new FaultInjector(createRandom(options.seed ?? SANDBOX_SEED).fork('faults'));
  if (options.faults !== undefined) faults.configure(options.faults);
  const rateLimits = new RateLimiter(options.rateLimits === false ? NO_RATE_LIMITS : { ...DEFAULT_RATE_LIMITS, ...options.rateLimits }, options.rateLimitClock);
  const sleep = options.sleep ?? sleepUnlessAborted;
  let state = buildState(options.seed ?? SANDBOX_SEED, options.world ?? 'seed', clock);

  const envelope = (code: number, message: string, data: unknown) => JSON.stringify({ code, message, request_id: `${formatCompactTime(clock.now())}${state.requestIds.hex(20)}`, data });

  async function run(request: Request, url: URL, path: string, endpoint: Endpoint): Promise<{ code: number; message: string; data: unknown }> {
    try {
      let token = null;
      if (endpoint.scope !== null) {
        const header = request.headers.get('access-token');
        if (header === null || header === '') throw new ApiError(40104, 'Access token is null, you should set it in http header with key Access-Token.');
        token = state.oauth.token(header) ?? null;
        if (token === null) throw new ApiError(40105, 'Access token is incorrect or has been revoked.');
        if (!token.scopes.includes(endpoint.scope)) throw new ApiError(40001, `advertiser does not grant you /${path}/:${endpoint.method} permission`);
      }
      const input = endpoint.method === 'GET' ? readQuery(url) : await readJsonBody(request);
      const context: EndpointContext = { path, input, world: state.world, clock, oauth: state.oauth, rateLimits, token };
      const data = await endpoint.handle(context);
      return { code: 0, message: 'OK', data: endpoint.omitNulls === true ? withoutNulls(data) : data };
    } catch (error) {
      if (error instanceof ApiError) return { code: error.code, message: error.message, data: {} };
      throw error;
    }
  }

  async function handleApi(request: Request, url: URL, rawPath: string): Promise<Response> {
    // A missing trailing slash is an HTTP 404 page on the real API too.
    if (!rawPath.endsWith('/')) return notFoundPage();
    const path = rawPath.replace(/\/$/, '');
    const endpoint = ENDPOINTS.get(path);
    if (endpoint === undefined) return notFoundPage();
    if (request.method !== endpoint.method) return methodNotAllowedPage();

    if (faults.latencyMs > 0) await sleep(faults.latencyMs, request.signal);
    const fault = faults.next(path);
    switch (fault?.kind) {
      case 'http_5xx':
        return gatewayErrorPage(fault.status ?? 503);
      case 'timeout':
        // Hangs until the client gives up; a client without a timeout gets a gateway timeout much later.
        await sleep(faults.hangMs, request.signal);
        return gatewayErrorPage(504);
      case 'error_50000':
        return jsonResponse(envelope(50000, 'Internal service error. Please try again later.', {}));
      case 'error_60001':
        return jsonResponse(envelope(60001, 'The system is under maintenance. Please try again later.', {}));
      case 'rate_limited':
        return jsonResponse(envelope(40100, RATE_LIMITED, {}));
      case 'slow':
        await sleep(fault.delayMs ?? 3000, request.signal);
        break;
    }

    // Rate limits arrive as HTTP 200 with code 40100 (reference §6.1).
    const result = rateLimits.admit(path) ? await run(request, url, path, endpoint) : { code: 40100, message: RATE_LIMITED, data: {} };
    if (fault?.kind === 'lost_response') {
      await sleep(faults.hangMs, request.signal);
      return gatewayErrorPage(504);
    }
    const body = envelope(result.code, result.message, result.data);
    // A truncated body still carries the work done: a write may have happened although the client cannot tell.
    return jsonResponse(fault?.kind === 'truncated_json' ? body.slice(0, Math.floor(body.length / 2)) : body);
  }

  const sandbox: Sandbox = {
    async handle(request) {
      const url = new URL(request.url);
      if (!url.pathname.startsWith(`${basePath}/`)) return notFoundPage();
      const rest = url.pathname.slice(basePath.length);
      try {
        if (rest.startsWith(API_PREFIX)) return await handleApi(request, url, rest.slice(API_PREFIX.length));
        if (rest === '/portal/auth' || rest === '/portal/auth/') {
          return request.method === 'GET' || request.method === 'POST' ? await handleConsent(request, url, state.world, state.oauth) : methodNotAllowedPage();
        }
        if (options.control !== false && rest.startsWith(CONTROL_PREFIX)) return await handleControl(request, rest.slice(CONTROL_PREFIX.length), sandbox);
        return notFoundPage();
      } catch (error) {
        console.error('[tiktok-sandbox]', error);
        return gatewayErrorPage(500);
      }
    },
    get world() {
      return state.world;
    },
    clock,
    faults,
    rateLimits,
    basePath,
    reset(resetOptions = {}) {
      if (resetOptions.start !== undefined) clock.set(resetOptions.start);
      else if (!running) clock.set(options.start ?? SANDBOX_EPOCH);
      state = buildState(resetOptions.seed ?? state.seed, resetOptions.world ?? state.spec, clock);
    },
    issueAuthCode(advertiserIds) {
      return state.oauth.issueAuthCode(advertiserIds ?? [...state.world.advertisers.keys()]);
    },
    describe() {
      const { world } = state;
      return {
        now: new Date(clock.now()).toISOString(),
        seed: state.seed,
        world: state.spec,
        counts: {
          businessCenters: world.bcs.size,
          advertisers: world.advertisers.size,
          ttAccounts: world.ttAccounts.size,
          posts: world.posts.size,
          sparkCodes: world.sparkCodes.size,
        },
      };
    },
  };
  return sandbox;
}
