import 'server-only';
import { headers } from 'next/headers';
import { appOrigin, clientIp } from '@/lib/http/request';
import { mailContextFor, type MailContext } from '@/lib/mail/account-mail';

/** Account e-mail for this request: links start at APP_URL (or, in demo/development, where the browser is). */
export async function currentMailContext(): Promise<MailContext> {
  return mailContextFor(appOrigin({ headers: await headers(), url: 'http://localhost:3000/' }));
}

/** clientIp() of the request a server action answers ('unknown' without a front server's X-Forwarded-For). */
export async function requestIp(): Promise<string> {
  return clientIp(await headers()) ?? 'unknown';
}
