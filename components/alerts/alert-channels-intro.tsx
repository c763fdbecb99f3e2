import Link from 'next/link';

/** Says where e-mail goes: out over SMTP, or into the outbox when SMTP_URL is not set. */
export function AlertChannelsIntro({ smtpConfigured, outboxHref }: { smtpConfigured: boolean; outboxHref: string }) {
  if (smtpConfigured) return <>Members or any address. E-mail goes out through the configured mail server.</>;
  return (
    <>
      Members or any address. No mail server is configured (SMTP_URL), so e-mails are kept in the{' '}
      <Link href={outboxHref} className="underline hover:text-slate-900">
        outbox
      </Link>{' '}
      instead of being sent.
    </>
  );
}
