import { formatLongDate } from '@/lib/dates';

// Pure: the e-mail a creator gets with their renewal link.

export function renewalEmail({
  to,
  brand,
  handle,
  endsAt,
  url,
  expiresAt,
  reminder,
}: {
  to: string;
  brand: string;
  handle: string | null;
  endsAt: Date | null;
  url: string | null;
  expiresAt: Date;
  reminder: boolean;
}): { to: string; subject: string; text: string } {
  const when = endsAt ? `ends on ${formatLongDate(endsAt)}` : 'is ending';
  return {
    to,
    subject: `${reminder ? 'Reminder: ' : ''}${brand} asks you to renew the Spark Ads authorization of your TikTok post`,
    text: [
      handle ? `Hi @${handle},` : 'Hi,',
      '',
      `${brand} runs one of your TikTok posts as a Spark Ad. The ad authorization you gave ${when}; after that the ad stops.`,
      '',
      'It takes a minute: open the link below on your phone, generate a new code in the TikTok app (365 days is best) and paste it on the page.',
      '',
      url ?? '',
      '',
      `The link works until ${formatLongDate(expiresAt)}. You can end the authorization in the TikTok app (Ad settings) at any time.`,
      '',
      'Thank you!',
      brand,
    ].join('\n'),
  };
}
