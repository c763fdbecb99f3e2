import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { NextResponse, type NextRequest } from 'next/server';
import { ApiKeyRefusedError, bearerToken } from '@/lib/api-keys/api-keys';
import { requireApiKeyMembership } from '@/lib/api-keys/context';
import { errorResponse } from '@/lib/http/route';
import { appOrigin, readJsonBody } from '@/lib/http/request';
import { mcpServerFor } from '@/lib/mcp/server';

/**
 * The MCP server (Streamable HTTP, stateless: one server per request, JSON answers). API keys only
 * (`Authorization: Bearer sk_live_…`): no cookie is read, so there is no session for a foreign page
 * to borrow and no Origin check; the key's organization is the one answered for, its role the
 * tools' limit, and its per-key rate limit applies. Bodies: JSON, 1 MB at most (readJsonBody).
 */
export async function POST(request: NextRequest): Promise<Response> {
  try {
    const key = bearerToken(request.headers);
    if (!key) throw new ApiKeyRefusedError('Send an organization API key as Authorization: Bearer sk_live_… (admins make keys in Settings → API keys)');
    const ctx = await requireApiKeyMembership(key, undefined);
    const body = await readJsonBody(request);
    const server = mcpServerFor(ctx, { origin: appOrigin(request) });
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    try {
      return await transport.handleRequest(request, { parsedBody: body });
    } finally {
      await server.close();
    }
  } catch (error) {
    const response = errorResponse(error);
    if (response.status === 401) response.headers.set('WWW-Authenticate', 'Bearer realm="sparkcheck"');
    return response;
  }
}

/** No server-sent stream to resume and no session to end: this server answers each POST on its own. */
function notAllowed(): Response {
  return NextResponse.json({ error: 'This MCP server answers POST requests only (stateless Streamable HTTP)' }, { status: 405, headers: { Allow: 'POST' } });
}
export const GET = notAllowed;
export const DELETE = notAllowed;
