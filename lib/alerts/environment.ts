import { getKeyring } from '@/lib/connections/tiktok-app';
import { env } from '@/lib/env';
import { transportConfigFromEnv } from './config';
import type { DeliveryEnvironment } from './delivery';

/** How this process delivers alerts: SMTP_URL / ALERTS_FROM from the environment, the token keyring for Slack webhooks. */
export function alertEnvironment(): DeliveryEnvironment {
  return { config: transportConfigFromEnv(env), keyring: getKeyring() };
}
