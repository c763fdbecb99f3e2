import { NextResponse } from 'next/server';
import { getDatabaseHandle } from '@/db/client';
import { enforceAbuseLimit } from '@/lib/abuse/limits';
import { alertEnvironment } from '@/lib/alerts/environment';
import { alertRenewed } from '@/lib/alerts/renewal-alert';
import { codesEnv } from '@/lib/codes/tiktok';
import { NotFoundError } from '@/lib/errors';
import { clientIp } from '@/lib/http/request';
import { withRoute } from '@/lib/http/route';
import { hashRenewalToken, lookupRenewalToken, submitRenewalCode, submitRenewalCodeSchema } from '@/lib/renewals/renewals';
import { getTikTokApp } from '@/lib/wiring/tiktok';

/**
 * The creator sends a code through a renewal link: no account, the token is the key. Limited per
 * link and per client address; answers only about this link's post, and never echoes the code.
 */
export const POST = withRoute<{ token: string }, typeof submitRenewalCodeSchema>(
  async ({ request, params, body }) => {
    const handle = await getDatabaseHandle();
    await enforceAbuseLimit(handle.db, 'renewal-submit', { token: hashRenewalToken(params.token), ip: clientIp(request.headers) });
    // The one cross-organization read (README, Security); the rest runs as that organization.
    const found = await lookupRenewalToken(handle.db, params.token);
    if (!found) throw new NotFoundError('This renewal link is not valid. Check that you opened the whole link, or ask the brand for a new one.');
    const db = handle.forOrganization(found.orgId);
    const result = await submitRenewalCode(db, codesEnv(db, getTikTokApp(db)), { ...found, code: body.code, onRenewed: (event) => alertRenewed(db, alertEnvironment(), event) });
    return NextResponse.json({ outcome: result.outcome, message: result.message, status: result.view.status, newEndsAt: result.view.newEndsAt }, { status: result.outcome === 'pending' ? 202 : 200 });
  },
  { body: submitRenewalCodeSchema },
);
