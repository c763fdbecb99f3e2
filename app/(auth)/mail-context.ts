import 'server-only';
import { headers } from 'next/headers';
import { clientIp } from '@/lib/http/client-ip';
import { headersOrigin } from '@/lib/http/route';
import { mailContextFor, type MailContext } from '@/lib/mail/account-mail';

/** Account e-mail for this request: links start at APP_URL (or, in demo/development, where the browser is). */
export async function currentMailContext(): Promise<MailContext> {
  return mailContextFor(headersOrigin(await headers()) ?? 'http://localhost:3000');
}

/** clientIp() of the request a server action answers. */
export async function requestIp(): Promise<string> {
  return clientIp(await headers());
}
