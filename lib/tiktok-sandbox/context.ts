import { permissionError } from './api-error';
import type { SandboxClock } from './clock';
import type { OAuthStore, SandboxToken } from './oauth-store';
import type { RateLimiter } from './rate-limiter';
import type { Advertiser, BusinessCenter } from './types';
import type { World } from './world';

export type EndpointContext = {
  /** The endpoint path without slashes, e.g. `tt_video/info`. */
  path: string;
  /** Query parameters (GET) or the decoded JSON body (POST). */
  input: unknown;
  world: World;
  clock: SandboxClock;
  oauth: OAuthStore;
  rateLimits: RateLimiter;
  /** Null only on endpoints that take no access token. */
  token: SandboxToken | null;
};

export type Endpoint = {
  method: 'GET' | 'POST';
  /** The permission id the token needs; null when the endpoint takes no access token. */
  scope: number | null;
  /** TikTok's `pop_resp_nullvalue` setting: null fields are left out of the response instead of sent as null. */
  omitNulls?: boolean;
  handle(context: EndpointContext): unknown;
};

/** BCs the token reaches: for 'all', those the world's owner is a member of. */
export function reachableBcs(context: EndpointContext): BusinessCenter[] {
  const { world, token } = context;
  if (token === null) return [];
  const owner = world.ref('user:owner');
  return [...world.bcs.values()].filter((bc) => (token.bcIds === 'all' ? world.member(bc.bcId, owner) !== undefined : token.bcIds.includes(bc.bcId)));
}

export function reachableAdvertisers(context: EndpointContext): Advertiser[] {
  const { world, token } = context;
  if (token === null) return [];
  if (token.advertiserIds === 'all') return [...world.advertisers.values()];
  return token.advertiserIds.flatMap((id) => world.advertisers.get(id) ?? []);
}

/** An advertiser the token does not reach (or that does not exist) is a permission error, as on TikTok. */
export function requireAdvertiser(context: EndpointContext, advertiserId: string): Advertiser {
  const advertiser = reachableAdvertisers(context).find((a) => a.advertiserId === advertiserId);
  if (advertiser === undefined) throw permissionError(`No permission to operate advertiser ${advertiserId}. Please check the advertiser_id or authorize again.`);
  return advertiser;
}

export function requireBc(context: EndpointContext, bcId: string): BusinessCenter {
  const bc = reachableBcs(context).find((b) => b.bcId === bcId);
  if (bc === undefined) throw permissionError(`No permission to operate Business Center ${bcId}.`);
  return bc;
}
