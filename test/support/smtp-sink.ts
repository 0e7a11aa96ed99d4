import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1 that accepts any mail and keeps what it received, one
 * per test file: the server's outgoing mail (gateway tests, web-to-lead confirmations, templates) and Thunderbird's
 * outgoing server in its end-to-end test. Plain SMTP on localhost, no STARTTLS; AUTH is offered but optional
 * (`auth: false` leaves it out, as Thunderbird's "no authentication" server is set up).
 */
export interface SmtpSink {
  port: number;
  received: Array<{ from: string; to: string[]; raw: Buffer }>;
  close(): Promise<void>;
}

export async function startSmtpSink(options: { auth?: boolean } = {}): Promise<SmtpSink> {
  const received: SmtpSink['received'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: options.auth === false ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
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
  // Port 0: the system picks a free one, no window between finding a port and listening on it.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
