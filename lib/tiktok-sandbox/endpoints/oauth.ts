import { z } from 'zod';
import { SCOPES } from '../constants';
import { reachableAdvertisers, type Endpoint } from '../context';
import { idParam, parseParams } from '../params';

export const oauthEndpoints: Record<string, Endpoint> = {
  'oauth2/access_token': {
    method: 'POST',
    scope: null,
    handle(context) {
      const params = parseParams(z.object({ app_id: idParam, secret: idParam, auth_code: idParam, return_advertiser_ids: z.boolean().default(true) }), context.input);
      context.oauth.checkApp(params.app_id, params.secret);
      const token = context.oauth.exchangeAuthCode(params.auth_code);
      const advertiserIds = token.advertiserIds === 'all' ? [...context.world.advertisers.keys()] : token.advertiserIds;
      return { access_token: token.accessToken, scope: token.scopes, ...(params.return_advertiser_ids ? { advertiser_ids: advertiserIds } : {}) };
    },
  },
  'oauth2/advertiser/get': {
    method: 'GET',
    scope: SCOPES.readAdAccount,
    handle(context) {
      const params = parseParams(z.object({ app_id: idParam, secret: idParam }), context.input);
      context.oauth.checkApp(params.app_id, params.secret);
      return { list: reachableAdvertisers(context).map((a) => ({ advertiser_id: a.advertiserId, advertiser_name: a.name })) };
    },
  },
};
