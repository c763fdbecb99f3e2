import 'server-only';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { AppError, ValidationError } from '@/lib/errors';
import type { OrgContext } from '@/lib/tenancy/membership';
import { hasRole, ROLE_LABELS } from '@/lib/tenancy/roles';
import { MCP_TOOLS, type McpCall, type McpTool } from './tools';

type ToolResult = { content: { type: 'text'; text: string }[]; isError?: boolean };

const text = (value: unknown, isError = false): ToolResult => ({
  content: [{ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) }],
  ...(isError ? { isError } : {}),
});

/** A failure as the assistant reads it: a sentence, never a stack or a field id. */
function toolError(error: unknown): ToolResult {
  if (error instanceof ValidationError || error instanceof AppError) return text(error.message, true);
  console.error(error);
  return text('Something went wrong on our side; nothing was changed. Try again in a minute.', true);
}

/** Runs one tool for the key's organization, after its role check; every failure comes back as a tool error in words. */
export async function runTool(ctx: OrgContext, call: McpCall, tool: McpTool, input: unknown): Promise<ToolResult> {
  if (!hasRole(ctx.role, tool.minRole)) {
    return text(
      `This API key is a ${ROLE_LABELS[ctx.role].toLowerCase()} key; “${tool.title}” needs a ${ROLE_LABELS[tool.minRole].toLowerCase()} key or higher. An admin can make one in Settings → API keys.`,
      true,
    );
  }
  const parsed = tool.input.safeParse(input);
  if (!parsed.success) return toolError(ValidationError.fromZod(parsed.error, 'input'));
  try {
    return text(await tool.run(ctx, parsed.data, call));
  } catch (error) {
    return toolError(error);
  }
}

/**
 * An MCP server for one request of one API key: the organization's tools, nothing shared between
 * requests. The low-level server rather than McpServer, so that a bad input reaches runTool and
 * comes back as a sentence (McpServer would answer with zod's raw issues).
 */
export function mcpServerFor(ctx: OrgContext, call: McpCall, tools: McpTool[] = MCP_TOOLS): Server {
  const server = new Server(
    { name: 'sparkcheck', title: `Sparkcheck — ${ctx.org.name}`, version: '1.0.0' },
    { capabilities: { tools: {} }, instructions: `Spark Ads health, team permissions and creator codes for the organization ${ctx.org.name}. Answers come from the last TikTok sync.` },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: tools.map((tool) => ({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      inputSchema: z.toJSONSchema(tool.input, { io: 'input' }) as { type: 'object'; [key: string]: unknown },
      annotations: { title: tool.title, readOnlyHint: tool.readOnly, destructiveHint: false, openWorldHint: !tool.readOnly },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = tools.find((t) => t.name === request.params.name);
    if (!tool) return text(`There is no tool called “${request.params.name}”. The tools are: ${tools.map((t) => t.name).join(', ')}.`, true);
    return runTool(ctx, call, tool, request.params.arguments ?? {});
  });
  return server;
}
