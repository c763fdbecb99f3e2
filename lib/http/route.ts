import 'server-only';
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import { enforceAbuseLimit, type AbuseAction } from '@/lib/abuse/limits';
import { bearerToken } from '@/lib/api-keys/api-keys';
import { requireApiKeyMembership } from '@/lib/api-keys/context';
import { AppError, RateLimitedError, ValidationError } from '@/lib/errors';
import { requireMembership, type OrgContext } from '@/lib/tenancy/membership';
import { assertSameOrigin, readJsonBody } from './request';
import type { Role } from '@/lib/tenancy/roles';

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof AppError) {
    const headers = error instanceof RateLimitedError ? { 'Retry-After': String(error.retryAfterSeconds) } : undefined;
    return NextResponse.json({ error: error.message, ...error.details }, { status: error.status, headers });
  }
  console.error(error);
  return NextResponse.json({ error: 'Something went wrong on our side; nothing was changed' }, { status: 500 });
}

type Body<S> = S extends z.ZodType ? z.infer<S> : undefined;

async function parseBody<S extends z.ZodType | undefined>(request: NextRequest, schema: S): Promise<Body<S>> {
  // Read (and size- and type-checked) even when the route takes no body: 413 / 415 before anything else.
  const raw = await readJsonBody(request);
  if (!schema) return undefined as Body<S>;
  if (raw === undefined) throw new ValidationError('The request body must be JSON');
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error);
  return parsed.data as Body<S>;
}

type Query<Q> = Q extends z.ZodType ? z.output<Q> : undefined;

/** The query string as an object: a parameter given once is a string, one given several times an array. */
export function searchParamsObject(params: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    out[key] = all.length === 1 ? all[0]! : all;
  }
  return out;
}

function parseQuery<Q extends z.ZodType | undefined>(request: NextRequest, schema: Q, what = 'query'): Query<Q> {
  if (!schema) return undefined as Query<Q>;
  const parsed = schema.safeParse(searchParamsObject(request.nextUrl.searchParams));
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, what);
  return parsed.data as Query<Q>;
}

/**
 * What a wrapped handler declares about itself, read by the OpenAPI document (lib/openapi): the
 * same zod schemas the wrapper validates the body and query string with.
 */
export type RouteSpec = { org: boolean; minRole?: Role; body?: z.ZodType; query?: z.ZodType; summary?: string; abuseLimit?: AbuseAction };
export type SpecifiedHandler = { spec?: RouteSpec };

type Params = Record<string, string>;
type RouteContext<P extends Params> = { params: Promise<P> };

function wrap<P extends Params>(run: (request: NextRequest, params: P) => Promise<Response>, { bearer = false } = {}) {
  return async (request: NextRequest, context: RouteContext<P>): Promise<Response> => {
    try {
      // An API-key call carries no cookie a foreign page could borrow: the Origin rules are for sessions.
      if (!(bearer && bearerToken(request.headers))) assertSameOrigin(request);
      return await run(request, await context.params);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** Route handler wrapper for routes outside an organization: zod body → handler, typed errors → statuses. */
export function withRoute<P extends Params, S extends z.ZodType | undefined = undefined>(
  handler: (args: { request: NextRequest; params: P; body: Body<S> }) => Promise<Response>,
  options: { body?: S } = {},
) {
  const route = wrap<P>(async (request, params) => handler({ request, params, body: await parseBody(request, options.body as S) }));
  const spec: RouteSpec = { org: false, body: options.body };
  return Object.assign(route, { spec });
}

/**
 * Route handler wrapper for `/api/orgs/[org]/…`: session or API key (`Authorization: Bearer`) → membership (404 for foreign orgs,
 * 403 when the role is too low) → zod body → abuse limit (429) → handler. Membership comes first so a foreign
 * organization's routes reveal nothing, not even their validation rules.
 */
export function withOrgRoute<P extends Params & { org: string }, S extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  handler: (args: { request: NextRequest; params: P; ctx: OrgContext; body: Body<S>; query: Query<Q> }) => Promise<Response>,
  options: { minRole?: Role; body?: S; query?: Q; queryName?: string; abuseLimit?: AbuseAction; summary?: string } = {},
) {
  const route = wrap<P>(
    async (request, params) => {
      const key = bearerToken(request.headers);
      const ctx = key ? await requireApiKeyMembership(key, params.org, options.minRole ?? 'viewer') : await requireMembership(params.org, options.minRole ?? 'viewer');
      const query = parseQuery(request, options.query as Q, options.queryName);
      const body = await parseBody(request, options.body as S);
      // Counted once the request is valid: a typo does not use up anyone's allowance.
      if (options.abuseLimit) await enforceAbuseLimit(ctx.db, options.abuseLimit, { user: ctx.user.id, org: ctx.org.id });
      return handler({ request, params, ctx, body, query });
    },
    { bearer: true },
  );
  const spec: RouteSpec = { org: true, minRole: options.minRole ?? 'viewer', body: options.body, query: options.query, summary: options.summary, abuseLimit: options.abuseLimit };
  return Object.assign(route, { spec });
}
