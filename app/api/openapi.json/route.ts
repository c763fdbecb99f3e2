import { NextResponse } from 'next/server';
import { appOrigin } from '@/lib/http/request';
import { buildOpenApiDocument } from '@/lib/openapi/document';
import { ORG_ROUTE_MODULES } from './route-modules';

/** The OpenAPI 3.1 document of the JSON API (public: it describes addresses, not data). */
export async function GET(request: Request) {
  return NextResponse.json(buildOpenApiDocument(ORG_ROUTE_MODULES, { serverUrl: appOrigin(request) }), { headers: { 'Cache-Control': 'no-cache' } });
}
