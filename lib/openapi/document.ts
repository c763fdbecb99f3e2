import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import type { RouteSpec } from '@/lib/http/route';
import { ROLE_LABELS } from '@/lib/tenancy/roles';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One route file: its address (`/api/orgs/[org]/ads/[adId]`), its module's exports and what each method does. */
export type RouteModuleEntry = {
  path: string;
  module: Partial<Record<HttpMethod, { spec?: RouteSpec }>> & Record<string, unknown>;
  summaries: Partial<Record<HttpMethod, string>>;
};

/** `/api/orgs/[org]/ads/[adId]` → `/api/orgs/{org}/ads/{adId}` and its parameter names. */
export function openApiPath(path: string): { path: string; params: string[] } {
  const params: string[] = [];
  const converted = path.replace(/\[([^\]]+)\]/g, (_, name: string) => {
    params.push(name);
    return `{${name}}`;
  });
  return { path: converted, params };
}

const PARAM_WORDS: Record<string, string> = {
  org: "The organization's address name (slug), as in /o/<org>",
  adId: 'The TikTok ad ID',
  id: 'The id of the object',
  userId: "The member's user id",
  runId: 'The sync run id',
};

const errorSchema = z
  .object({ error: z.string().meta({ description: 'What went wrong, in words' }), fields: z.record(z.string(), z.array(z.string())).optional() })
  .meta({ id: 'Error', description: 'Every refusal: a sentence, and for invalid input the problem per field' });

const ERRORS = {
  401: 'Not signed in, or the API key is not valid, was revoked or has expired',
  403: "The key's (or member's) role does not allow this",
  404: 'Not found — also what another organization and its objects look like',
  422: 'Invalid input, in words',
  429: 'Too many requests with this key: `Retry-After` says when to try again',
} as const;

const SUCCESS: Partial<Record<HttpMethod, number>> = { POST: 200, PATCH: 200, DELETE: 200, GET: 200 };

/**
 * The OpenAPI 3.1 document of `/api/orgs/…`, generated from the zod schemas each wrapped handler
 * validates its body and query string with (`withOrgRoute(…, { body, query })`): nothing is
 * described twice, so the document cannot drift from what the routes accept.
 */
export function buildOpenApiDocument(entries: RouteModuleEntry[], { serverUrl }: { serverUrl?: string } = {}) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An organization API key (`sk_live_…`), made by an admin in Settings → API keys',
  });
  const session = registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'authjs.session-token', description: 'A signed-in browser session' });
  for (const entry of entries) {
    const { path, params } = openApiPath(entry.path);
    for (const method of HTTP_METHODS) {
      const handler = entry.module[method];
      if (!handler) continue;
      const spec = handler.spec;
      const role = spec?.minRole ?? 'viewer';
      const summary = entry.summaries[method] ?? spec?.summary ?? `${method} ${path}`;
      const body = spec?.body;
      registry.registerPath({
        method: method.toLowerCase() as Lowercase<HttpMethod>,
        path,
        summary,
        description: `${summary}. Needs the ${ROLE_LABELS[role].toLowerCase()} role or higher (a key's role, or the member's).${spec?.abuseLimit ? ' Limited per person and per organization (429 with Retry-After).' : ''}`,
        tags: [path.split('/')[4] ?? 'organization'],
        security: [{ [bearer.name]: [] }, { [session.name]: [] }],
        request: {
          params: z.object(Object.fromEntries(params.map((p) => [p, z.string().meta({ description: PARAM_WORDS[p] ?? p })]))),
          ...(spec?.query ? { query: spec.query as never } : {}),
          ...(body ? { body: { required: true, content: { 'application/json': { schema: body } } } } : {}),
        },
        responses: {
          [SUCCESS[method] ?? 200]: { description: 'Done; the answer is JSON (CSV and Markdown downloads say so in their summary)' },
          ...Object.fromEntries(Object.entries(ERRORS).map(([status, description]) => [status, { description, content: { 'application/json': { schema: errorSchema } } }])),
        },
      });
    }
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Sparkcheck API',
      version: '1',
      description:
        'Everything the Sparkcheck pages show, as JSON, per organization. Authenticate with an API key (`Authorization: Bearer sk_live_…`) or a signed-in session. AI assistants: the MCP server is at `/api/mcp` (Streamable HTTP, same key).',
    },
    servers: serverUrl ? [{ url: serverUrl }] : [],
  });
}
