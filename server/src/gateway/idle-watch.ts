import { ImapFlow } from 'imapflow';
import type { Services } from '../http/context';
import { serverKeyOf } from '../secrets/server-key';
import { openMailboxPassword } from './credentials';
import { GatewayFolder, GatewayMailbox } from './model';

/**
 * New mail through IDLE (RFC 2177) where the server has it: one listening connection per enabled mailbox on its
 * INBOX. imapflow enters IDLE by itself when the selected mailbox has no command running (and polls with NOOP on a
 * server without IDLE). An EXISTS response (RFC 3501 §7.3.1) marks the mailbox due now and wakes the worker, whose
 * check takes the lease and does the work on its own connection — the listener decides nothing and writes no
 * message, so a lost listener costs only the wait until the next periodic check.
 */
export interface IdleWatch {
  /** Starts listeners for mailboxes that have none, stops those of removed or disabled mailboxes. */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

export function startIdleWatch(services: Services, onNewMail: (mailboxId: number) => void): IdleWatch {
  const listeners = new Map<number, { client: ImapFlow; key: string }>();
  let stopping = false;

  const listen = async (mailbox: GatewayMailbox, key: string) => {
    const client = new ImapFlow({
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.tls,
      doSTARTTLS: mailbox.tls ? undefined : false,
      auth: { user: mailbox.username, pass: openMailboxPassword(serverKeyOf(services.config), mailbox.passwordSealed) },
      logger: false,
      // RFC 2177 §3: re-issue IDLE at least every 29 minutes, or the server may drop the connection.
      maxIdleTime: 25 * 60_000,
      // imapflow waits 15 s of silence before it enters IDLE; this connection never sends anything else.
      autoIdleDelay: 1_000,
    });
    client.on('error', () => undefined);
    client.on('close', () => {
      if (listeners.get(mailbox.id)?.client === client) listeners.delete(mailbox.id);
    });
    client.on('exists', (data: { count: number; prevCount: number }) => {
      if (data.count > data.prevCount) onNewMail(mailbox.id);
    });
    listeners.set(mailbox.id, { client, key });
    try {
      await client.connect();
      const box = await client.mailboxOpen('INBOX', { readOnly: true });
      // Mail that came while nobody listened (between the last check and now) is announced at once.
      const cursor = await GatewayFolder.findOne({ where: { mailboxId: mailbox.id, path: 'INBOX' } });
      if (cursor?.uidNext && box.uidNext > cursor.uidNext) onNewMail(mailbox.id);
    } catch (err) {
      // The periodic check reports the reason ("authentication failed") in the mailbox status.
      listeners.delete(mailbox.id);
      client.close();
      services.logger.debug({ mailbox: mailbox.id, err: (err as Error).message }, 'IDLE listener not started');
    }
  };

  return {
    async refresh() {
      if (stopping) return;
      const mailboxes = await GatewayMailbox.findAll({ where: { enabled: true } });
      const wanted = new Map(
        mailboxes.map((m) => [m.id, { mailbox: m, key: `${m.host}:${m.port}:${m.username}:${m.passwordSealed}` }]),
      );
      for (const [id, listener] of listeners) {
        if (wanted.get(id)?.key === listener.key) continue;
        listeners.delete(id);
        listener.client.close();
      }
      for (const [id, { mailbox, key }] of wanted) if (!listeners.has(id)) void listen(mailbox, key);
    },
    async stop() {
      stopping = true;
      for (const { client } of listeners.values()) client.close();
      listeners.clear();
    },
  };
}
