import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 that accepts any mail without authentication and
 * keeps what it received: Thunderbird's outgoing server in the end-to-end test (sent mail).
 */
export interface SmtpSink {
  port: number;
  received: Array<{ from: string; to: string[]; raw: Buffer }>;
  stop(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: SmtpSink['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on localhost: Thunderbird's server is set to "no connection security".
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Thunderbird's prefs for that server as the outgoing server of the profile (what the account settings' "Outgoing
 * Server (SMTP)" page writes): no authentication (authMethod 1), no TLS (try_ssl 0).
 */
export function smtpPrefs(key: string, port: number): Record<string, string | number> {
  return {
    'mail.smtpservers': key,
    'mail.smtp.defaultserver': key,
    [`mail.smtpserver.${key}.hostname`]: '127.0.0.1',
    [`mail.smtpserver.${key}.port`]: port,
    [`mail.smtpserver.${key}.authMethod`]: 1,
    [`mail.smtpserver.${key}.try_ssl`]: 0,
    [`mail.smtpserver.${key}.description`]: 'Akte test SMTP',
  };
}
