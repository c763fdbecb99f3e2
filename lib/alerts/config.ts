import type { Env } from '@/lib/env';

/** How alerts leave this process. Built from the environment; tests build their own. */
export type AlertTransportConfig = {
  /** `smtp://` or `smtps://`; unset = e-mails go to the outbox page instead. */
  smtpUrl: string | undefined;
  /** The From header of alert e-mails. */
  from: string;
  /**
   * Accept `http://127.0.0.1…`/`localhost` webhook URLs. Only tests set it (they run a local receiver);
   * the environment cannot, so a deployment only ever posts to Slack over https.
   */
  allowLoopbackWebhooks: boolean;
  /** Milliseconds before a Slack or SMTP attempt counts as failed. */
  timeoutMs: number;
};

export function transportConfigFromEnv(e: Pick<Env, 'SMTP_URL' | 'ALERTS_FROM'>): AlertTransportConfig {
  return { smtpUrl: e.SMTP_URL, from: e.ALERTS_FROM, allowLoopbackWebhooks: false, timeoutMs: 10_000 };
}
