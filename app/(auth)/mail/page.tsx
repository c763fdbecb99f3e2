import { formatDateTime } from '@/lib/dates';
import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { getDb } from '@/db/client';
import { Card } from '@/components/ui/card';
import { env } from '@/lib/env';
import { listAccountMail, outboxReadable } from '@/lib/mail/account-mail';

export const metadata: Metadata = { title: 'Account mail outbox' };

/** Splits text into plain runs and links, so the links in a message can be opened. */
function withLinks(text: string) {
  return text.split(/(https?:\/\/\S+)/).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part} className="break-all text-slate-900 underline">
        {part}
      </a>
    ) : (
      part
    ),
  );
}

/** Demo and development only: account e-mail kept because no SMTP_URL is set. */
export default async function AccountMailPage({ searchParams }: { searchParams: Promise<{ to?: string }> }) {
  await connection();
  if (!outboxReadable(env)) notFound();
  const { to } = await searchParams;
  const messages = await listAccountMail(await getDb(), { to });
  return (
    <Card className="p-8">
      <h1 className="text-xl font-semibold tracking-tight">Account mail outbox</h1>
      <p className="mt-1 text-sm text-slate-500">Without SMTP_URL, account e-mail is kept here. Only demo mode and development show this page{to ? `; showing mail to ${to}` : ''}.</p>
      {messages.length === 0 ? <p className="mt-6 text-sm text-slate-500">No messages.</p> : null}
      <ul className="mt-6 space-y-4">
        {messages.map((m) => (
          <li key={m.id} className="rounded-lg bg-slate-50 p-4 text-sm ring-1 ring-slate-200" data-testid="mail">
            <p className="font-medium text-slate-900">{m.subject}</p>
            <p className="text-xs text-slate-500">
              To {m.to} · {formatDateTime(m.createdAt)}
            </p>
            <p className="mt-3 whitespace-pre-wrap text-slate-700">{withLinks(m.text)}</p>
          </li>
        ))}
      </ul>
    </Card>
  );
}
