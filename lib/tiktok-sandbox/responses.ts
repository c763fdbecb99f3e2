export type Envelope = { code: number; message: string; request_id: string; data: unknown };

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': JSON_TYPE } });
}

export function htmlResponse(html: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });
}

/** Wrong path, or a path without its trailing slash: an HTML page like the real gateway's, not an envelope. */
export function notFoundPage(): Response {
  return htmlResponse('<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center><hr><center>nginx</center></body></html>', 404);
}

export function methodNotAllowedPage(): Response {
  return htmlResponse('<html><head><title>405 Not Allowed</title></head><body><center><h1>405 Not Allowed</h1></center><hr><center>nginx</center></body></html>', 405);
}

export function gatewayErrorPage(status: number): Response {
  const title = status === 504 ? 'Gateway Time-out' : status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Temporarily Unavailable' : 'Internal Server Error';
  return htmlResponse(`<html><head><title>${status} ${title}</title></head><body><center><h1>${status} ${title}</h1></center><hr><center>nginx</center></body></html>`, status);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
