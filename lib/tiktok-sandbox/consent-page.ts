import { APP_SCOPES, SANDBOX_APP_ID, SCOPE_NAMES } from './constants';
import type { OAuthStore } from './oauth-store';
import { escapeHtml, htmlResponse } from './responses';
import type { World } from './world';

const STYLE = `
  *{box-sizing:border-box}body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f1f1f2;color:#161823}
  header{background:#000;color:#fff;padding:14px 24px;font-weight:700;letter-spacing:.2px}header span{color:#25f4ee}header em{color:#fe2c55;font-style:normal}
  main{max-width:520px;margin:40px auto;background:#fff;border-radius:12px;box-shadow:0 2px 16px rgba(0,0,0,.08);padding:32px}
  h1{font-size:20px;margin:0 0 8px}p{color:#555;line-height:1.5;margin:0 0 16px}h2{font-size:14px;text-transform:uppercase;color:#8a8b91;margin:24px 0 8px}
  ul{list-style:none;padding:0;margin:0}li{padding:8px 0;border-bottom:1px solid #eee;font-size:14px}li:before{content:"✓ ";color:#25a55f}
  label{display:flex;gap:10px;align-items:center;padding:8px 0;border-bottom:1px solid #eee;font-size:14px}label small{color:#8a8b91}
  button{margin-top:24px;width:100%;padding:12px;border:0;border-radius:6px;background:#fe2c55;color:#fff;font-size:16px;font-weight:600;cursor:pointer}
  .note{font-size:12px;color:#8a8b91;margin-top:16px}.error{color:#c4002b;font-weight:600}.badge{font-size:11px;background:#fff3cd;color:#7a5b00;padding:2px 8px;border-radius:10px;margin-left:8px}`;

function page(title: string, body: string, status = 200): Response {
  return htmlResponse(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
      `<body><header><span>Tik</span><em>Tok</em> for Business<span class="badge">Sandbox</span></header><main>${body}</main></body></html>`,
    status,
  );
}

function errorPage(message: string): Response {
  return page('Authorization failed', `<h1>Authorization failed</h1><p class="error">${escapeHtml(message)}</p>`, 400);
}

/** A redirect target must be an absolute http(s) URL; anything else is refused before consent. */
function parseRedirect(value: string | null): URL | null {
  if (value === null) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * The advertiser-authorization portal (`/portal/auth`): GET shows what the app asks for and which ad
 * accounts to grant; POST (the Authorize button) issues a one-hour auth_code and redirects back.
 */
export async function handleConsent(request: Request, url: URL, world: World, oauth: OAuthStore): Promise<Response> {
  const form = request.method === 'POST' ? new URLSearchParams(await request.text()) : url.searchParams;
  const appId = form.get('app_id');
  const redirect = parseRedirect(form.get('redirect_uri'));
  const state = form.get('state') ?? '';
  if (appId !== SANDBOX_APP_ID) return errorPage(`The app_id "${appId ?? ''}" is not a registered developer app.`);
  if (redirect === null) return errorPage('The redirect_uri is missing or is not an absolute http(s) URL.');

  if (request.method === 'POST') {
    const chosen = form.getAll('advertiser_ids').filter((id) => world.advertisers.has(id));
    if (chosen.length === 0) return errorPage('Choose at least one ad account to authorize.');
    redirect.searchParams.set('auth_code', oauth.issueAuthCode(chosen));
    redirect.searchParams.set('state', state);
    return new Response(null, { status: 302, headers: { location: redirect.toString() } });
  }

  const ownerId = world.ref('user:owner');
  const owner = [...world.bcs.keys()].map((bcId) => world.member(bcId, ownerId)).find((m) => m !== undefined);
  const hidden = [
    ['app_id', appId],
    ['redirect_uri', redirect.toString()],
    ['state', state],
  ]
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value ?? '')}">`)
    .join('');
  const scopes = APP_SCOPES.map((s) => `<li>${escapeHtml(SCOPE_NAMES[s] ?? `Permission ${s}`)}</li>`).join('');
  const accounts = [...world.advertisers.values()]
    .map((a) => `<label><input type="checkbox" name="advertiser_ids" value="${a.advertiserId}" checked> ${escapeHtml(a.name)} <small>${a.advertiserId}</small></label>`)
    .join('');
  return page(
    'Authorize Sparkcheck',
    `<h1>Sparkcheck would like to access your TikTok for Business account</h1>` +
      `<p>Signed in as <strong>${escapeHtml(owner?.userName ?? 'Sandbox user')}</strong> ${escapeHtml(owner?.userEmail ?? '')}</p>` +
      `<form method="post" action="${escapeHtml(url.pathname)}">${hidden}<h2>Permissions requested</h2><ul>${scopes}</ul>` +
      `<h2>Ad accounts</h2>${accounts}<button type="submit">Authorize</button></form>` +
      `<p class="note">By authorizing you agree to the TikTok for Business developer terms. You can revoke access at any time. ` +
      `This is a simulated portal: no e-mail confirmation code is needed.</p>`,
  );
}
