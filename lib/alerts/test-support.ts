import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { expectedWorld } from '@/lib/sync/test-support';
import type { World } from '@/lib/tiktok-sandbox';
import { daysLeft } from './digest';

// Shared by the alert tests: what the seeded world says the digest lists, and local stand-ins for
// Slack's webhook endpoint and for a mail server.

const DAY = 86_400_000;

/** What the world says the digest must list: posts authorized on a synced ad account, ending within the window. */
export function expectedExpiring(world: World, now: Date, windowDays: number) {
  const posts = new Map<string, { itemId: string; handle: string | null; advertiserIds: string[]; adIds: string[]; daysLeft: number }>();
  for (const advertiserId of expectedWorld(world).advertiserIds) {
    for (const authorization of world.authorizationsOf(advertiserId)) {
      const post = world.posts.get(authorization.itemId);
      if (!post || authorization.revoked || post.status === 'USER_DELETE' || post.status === 'AUDIT_DELETE') continue;
      if (authorization.authEndMs <= now.getTime() || authorization.authEndMs > now.getTime() + windowDays * DAY) continue;
      const entry = posts.get(post.itemId) ?? {
        itemId: post.itemId,
        handle: world.ttAccounts.get(post.ttAccountId)?.handle ?? null,
        advertiserIds: [],
        adIds: [],
        daysLeft: Infinity,
      };
      entry.advertiserIds.push(advertiserId);
      entry.daysLeft = Math.min(entry.daysLeft, daysLeft(new Date(authorization.authEndMs), now));
      entry.adIds.push(
        ...world
          .adTree(advertiserId)
          .ads.filter((ad) => ad.tiktokItemId === post.itemId && ad.operationStatus !== 'DELETE')
          .map((ad) => ad.adId),
      );
      posts.set(post.itemId, entry);
    }
  }
  return [...posts.values()].map((p) => ({ ...p, advertiserIds: p.advertiserIds.sort(), adIds: p.adIds.sort() })).sort((a, b) => a.itemId.localeCompare(b.itemId));
}

export type Received = { path: string; body: { text: string; blocks: { type: string; text?: { text: string } }[] } };

/** A stand-in for Slack's webhook endpoint on 127.0.0.1: records each POST, answers with the next scripted status. */
export async function startSlackReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const receiver: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      received.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'] });
      const status = statuses.shift() ?? 200;
      response.writeHead(status, { 'Content-Type': 'text/plain' }).end(status === 200 ? 'ok' : status === 404 ? 'no_service' : 'internal_error');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T0001/B0001/abcdEFGH1234`, received, statuses, close: () => new Promise<void>((resolve) => receiver.close(() => resolve())) };
}

export type Mail = { from: string; to: string[]; raw: string };

/** A local SMTP server (smtp-server) that keeps every message; recipients at refused.example get a 550. */
export async function startSmtpServer() {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.example')) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        mails.push({ from: from ? from.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}

/** The message as text: folded headers joined, quoted-printable (soft breaks, =XX bytes) decoded. */
export function unfold(raw: string): string {
  const bytes = raw
    .replace(/\r\n[ \t]+/g, ' ')
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
