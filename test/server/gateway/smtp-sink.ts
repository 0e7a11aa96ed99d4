import { SMTPServer } from 'smtp-server';
import { freePort } from '../../services/net';

/** A real SMTP server (the `smtp-server` package) that keeps every message it receives, for one test file. */
export interface SmtpSink {
  port: number;
  received: Array<{ from: string; to: string[]; raw: Buffer }>;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const port = await freePort();
  const received: SmtpSink['received'] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
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
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  return { port, received, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}
