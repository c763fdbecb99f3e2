import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { buildOpenApiDocument, HTTP_METHODS, openApiPath } from '@/lib/openapi/document';
import { ORG_ROUTE_MODULES } from './route-modules';

// The route modules are imported only to read their schemas; Auth.js (their session check) is never called here.
vi.mock('@/lib/auth/auth', () => ({ auth: () => null, signIn: () => null, signOut: () => null, handlers: {} }));

const root = path.resolve(import.meta.dirname, '../../..');

/** Every route file under app/api/orgs, from the file tree: a new one cannot be missed. */
function routeFiles(dir = path.join(root, 'app/api/orgs')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [path.relative(path.join(root, 'app'), path.dirname(full))] : [];
  });
}

const document = buildOpenApiDocument(ORG_ROUTE_MODULES);

describe('the OpenAPI document', () => {
  it('has every route file under app/api/orgs and every method it exports', () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThan(25);
    const missing: string[] = [];
    for (const dir of files) {
      const source = fs.readFileSync(path.join(root, 'app', dir, 'route.ts'), 'utf8');
      const { path: documented } = openApiPath(`/${dir}`);
      for (const method of HTTP_METHODS) {
        if (!new RegExp(`export (const|async function) ${method}\\b`).test(source)) continue;
        if (!document.paths?.[documented]?.[method.toLowerCase() as 'get']) missing.push(`${method} /${dir}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('describes bodies and query strings from the schemas the routes validate with', () => {
    const create = document.paths?.['/api/orgs/{org}/api-keys']?.post;
    const body = (create?.requestBody as { content: Record<string, { schema: { properties: Record<string, unknown>; required: string[] } }> }).content['application/json']!.schema;
    expect(Object.keys(body.properties)).toEqual(['name', 'role', 'expiresAt']);
    expect(body.required).toEqual(['name', 'role']);
    expect(body.properties.role).toMatchObject({ enum: ['viewer', 'member', 'admin'] });
    const ads = document.paths?.['/api/orgs/{org}/ads']?.get;
    const query = (ads?.parameters ?? []).filter((p) => 'in' in p && p.in === 'query').map((p) => ('name' in p ? p.name : ''));
    expect(query).toEqual(expect.arrayContaining(['status', 'cause', 'q', 'sort', 'page']));
    const explain = (document.paths?.['/api/orgs/{org}/team/explain']?.get?.parameters ?? []).map((p) => ('name' in p ? p.name : ''));
    expect(explain).toEqual(['org', 'member', 'post', 'advertiser']);
  });

  it('is OpenAPI 3.1 with the API key as a bearer scheme', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components?.securitySchemes?.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
