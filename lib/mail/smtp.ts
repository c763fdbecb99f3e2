import nodemailer from 'nodemailer';

export type SmtpMessage = { from: string; to: string; subject: string; text: string; html?: string };

/** Sends one message through `smtpUrl` (smtp:// or smtps://); throws what the mail server answered. */
export async function sendSmtp(smtpUrl: string, message: SmtpMessage, timeoutMs = 10_000): Promise<void> {
  const transport = nodemailer.createTransport(smtpUrl, { connectionTimeout: timeoutMs, greetingTimeout: timeoutMs, socketTimeout: timeoutMs });
  try {
    await transport.sendMail(message);
  } finally {
    transport.close();
  }
}
