import type { Metadata } from 'next';
import Link from 'next/link';
import { ORG_ROUTE_MODULES } from '@/app/api/openapi.json/route-modules';
import { Logo } from '@/components/logo';
import { buildOpenApiDocument } from '@/lib/openapi/document';

export const metadata: Metadata = { title: 'API reference' };

type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: JsonSchema };
type JsonSchema = { type?: string | string[]; enum?: unknown[]; description?: string; properties?: Record<string, JsonSchema>; required?: string[]; anyOf?: JsonSchema[]; items?: JsonSchema };
type Operation = { summary?: string; description?: string; parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } };

/** A schema as a reader sees it: "one of viewer, member, admin", "text", "number". */
function typeWords(schema: JsonSchema | undefined): string {
  if (!schema) return 'text';
  if (schema.enum) return `one of ${schema.enum.map(String).join(', ')}`;
  if (schema.anyOf) return schema.anyOf.map(typeWords).join(' or ');
  const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null').join(' or ') : schema.type;
  if (type === 'array') return `list of ${typeWords(schema.items)}`;
  return type === 'string' ? 'text' : (type ?? 'value');
}

function Fields({ rows }: { rows: { name: string; required: boolean; type: string; description?: string }[] }) {
  if (rows.length === 0) return null;
  return (
    <ul className="mt-2 space-y-1 text-sm">
      {rows.map((r) => (
        <li key={r.name}>
          <code className="rounded bg-slate-100 px-1 font-mono text-xs">{r.name}</code> <span className="text-slate-500">{r.type}</span>
          {r.required ? <span className="text-slate-500"> · required</span> : null}
          {r.description ? <span className="text-slate-700"> — {r.description}</span> : null}
        </li>
      ))}
    </ul>
  );
}

/** The API reference: every address of the JSON API with its inputs, from the OpenAPI document. Public, like the document. */
export default function ApiReferencePage() {
  const document = buildOpenApiDocument(ORG_ROUTE_MODULES);
  const paths = Object.entries(document.paths ?? {}) as [string, Record<string, Operation>][];
  return (
    <main className="mx-auto max-w-4xl px-4 py-10">
      <Logo />
      <h1 className="mt-6 text-2xl font-semibold text-slate-900">API reference</h1>
      <p className="mt-2 text-slate-700">
        Everything the Sparkcheck pages show, as JSON. Send an organization API key as <code className="rounded bg-slate-100 px-1">Authorization: Bearer sk_live_…</code> (admins make keys in Settings
        → API keys). The machine-readable document is{' '}
        <Link href="/api/openapi.json" className="text-brand-700 underline" prefetch={false}>
          /api/openapi.json
        </Link>{' '}
        (OpenAPI 3.1); AI assistants connect to the MCP server at <code className="rounded bg-slate-100 px-1">/api/mcp</code> with the same key.
      </p>
      <p className="mt-2 text-sm text-slate-600">
        Every refusal is JSON <code className="rounded bg-slate-100 px-1">{'{ "error": "…" }'}</code> with a sentence: 401 key not valid, revoked or expired; 403 role too low; 404 not found (also
        another organization); 422 invalid input; 429 too many requests, with <code className="rounded bg-slate-100 px-1">Retry-After</code>.
      </p>
      <div className="mt-8 space-y-4">
        {paths.map(([path, operations]) =>
          Object.entries(operations).map(([method, op]) => {
            const params = (op.parameters ?? []).map((p) => ({
              name: p.name,
              required: p.required ?? false,
              type: `${p.in === 'path' ? 'in the address' : 'query'} · ${typeWords(p.schema)}`,
              description: p.description ?? p.schema?.description,
            }));
            const body = op.requestBody?.content['application/json']?.schema;
            const bodyRows = Object.entries(body?.properties ?? {}).map(([name, s]) => ({ name, required: body?.required?.includes(name) ?? false, type: typeWords(s), description: s.description }));
            return (
              <section key={`${method} ${path}`} className="rounded-lg bg-white p-4 ring-1 ring-slate-200" aria-label={`${method.toUpperCase()} ${path}`}>
                <h2 className="flex flex-wrap items-baseline gap-2">
                  <span className="rounded bg-slate-900 px-1.5 py-0.5 font-mono text-xs font-semibold text-white">{method.toUpperCase()}</span>
                  <code className="font-mono text-sm break-all text-slate-900">{path}</code>
                </h2>
                <p className="mt-2 text-sm text-slate-700">{op.description}</p>
                <Fields rows={params} />
                {bodyRows.length > 0 ? (
                  <>
                    <h3 className="mt-3 text-xs font-semibold tracking-wide text-slate-500 uppercase">JSON body</h3>
                    <Fields rows={bodyRows} />
                  </>
                ) : null}
              </section>
            );
          }),
        )}
      </div>
    </main>
  );
}
