import type { Endpoint } from '../context';
import { adEndpoints } from './ads';
import { businessCenterEndpoints } from './business-center';
import { identityEndpoints } from './identity';
import { oauthEndpoints } from './oauth';
import { ttVideoEndpoints } from './tt-video';

/** Every simulated endpoint by path, written without slashes (`tt_video/info`). */
export const ENDPOINTS: ReadonlyMap<string, Endpoint> = new Map(Object.entries({ ...oauthEndpoints, ...businessCenterEndpoints, ...identityEndpoints, ...ttVideoEndpoints, ...adEndpoints }));
