import { isDemoMode } from '@/lib/env';
import { getProcessSandbox } from '@/lib/tiktok-sandbox/process-sandbox';

// The simulated TikTok API (and its test controls) exists only in demo mode.
export const dynamic = 'force-dynamic';

async function handle(request: Request): Promise<Response> {
  if (!isDemoMode()) return new Response('Not Found', { status: 404 });
  return getProcessSandbox().handle(request);
}

export { handle as GET, handle as POST };
