import { isSandboxControlPath, sandboxControlAllowed } from '@/lib/demo/sandbox-control';
import { isDemoMode } from '@/lib/env';
import { getProcessSandbox } from '@/lib/tiktok-sandbox/process-sandbox';

// The simulated TikTok API (and its test controls) exists only in demo mode.
export const dynamic = 'force-dynamic';

async function handle(request: Request): Promise<Response> {
  if (!isDemoMode()) return new Response('Not Found', { status: 404 });
  if (isSandboxControlPath(new URL(request.url).pathname) && !(await sandboxControlAllowed(request))) {
    return Response.json({ error: 'The sandbox controls answer only to a signed-in member of the demo organization or to the control token printed at server start' }, { status: 403 });
  }
  return getProcessSandbox().handle(request);
}

export { handle as GET, handle as POST };
