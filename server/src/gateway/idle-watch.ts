import type { Services } from '../http/context';
import { serverKeyOf } from '../secrets/server-key';
import { openMailboxPassword } from './credentials';
import { ImapSession } from './imap-session';
import { GatewayFolder, GatewayMailbox } from './model';

/**
 * New mail through IDLE (RFC 2177) where the server has it: one connection per enabled mailbox with its INBOX
 * selected. imapflow enters IDLE by itself when no command is running (and polls with NOOP on a server without
 * IDLE). An EXISTS response (RFC 3501 §7.3.1) marks the mailbox due now and wakes the worker.
 *
 * The check then runs on this very connection (`lend`): one connection per account (issue #14), and the INBOX is
 * open already — selecting a 10,000-message folder again costs Dovecot 0.3–1.5 s, a NOOP on the open one a
 * millisecond. The listener itself decides nothing and writes no message: a lost listener costs only the wait until
 * the next periodic check, which then opens a connection of its own.
 */
export interface MailboxConnections {
  /**
   * The mailbox's listening connection for one check (which holds the mailbox's lease, so one check at a time), or
   * null: no listener, not connected yet, lent already, or the mailbox's server or credentials changed since.
   * `release` hands it back (INBOX selected again) to listen.
   */
  lend(mailbox: GatewayMailbox): { session: ImapSession; release(): Promise<void> } | null;
}

export interface IdleWatch extends MailboxConnections {
  /** Starts listeners for mailboxes that have none, stops those of removed or disabled mailboxes. */
  refresh(): Promise<void>;
  /** Resolves when the mailbox's listener is connected (true) or could not start (false; also: none). */
  listening(mailboxId: number): Promise<boolean>;
  stop(): Promise<void>;
}

interface Listener {
  key: string;
  started: Promise<boolean>;
  session: ImapSession | null;
  lent: boolean;
}

const WATCHED = 'INBOX';

const accountKey = (m: GatewayMailbox) => `${m.host}:${m.port}:${m.username}:${m.passwordSealed}`;

export function startIdleWatch(services: Services, onNewMail: (mailboxId: number) => void): IdleWatch {
  const listeners = new Map<number, Listener>();
  let stopping = false;

  /** Mail that came while nobody listened (before the listener, or while another folder was selected). */
  const announceMissed = async (mailboxId: number, uidNext: number) => {
    const cursor = await GatewayFolder.findOne({ where: { mailboxId, path: WATCHED } });
    if (cursor?.uidNext && uidNext > cursor.uidNext) onNewMail(mailboxId);
  };

  const listen = async (mailbox: GatewayMailbox, listener: Listener): Promise<boolean> => {
    let session: ImapSession | null = null;
    try {
      session = await ImapSession.open(
        {
          ...mailbox.get({ plain: true }),
          password: openMailboxPassword(serverKeyOf(services.config), mailbox.passwordSealed),
        },
        { listen: true },
      );
      const opened = session;
      opened.onClose(() => {
        if (listeners.get(mailbox.id)?.session === opened) listeners.delete(mailbox.id);
      });
      // While a check has the connection, the check itself takes what arrives; it says so when it hands it back.
      opened.onArrivals(() => {
        if (!listener.lent) onNewMail(mailbox.id);
      });
      const box = await opened.examine(WATCHED);
      if (stopping || listeners.get(mailbox.id) !== listener) {
        await opened.close();
        return false;
      }
      listener.session = opened;
      await announceMissed(mailbox.id, box.uidNext);
      return true;
    } catch (err) {
      // The periodic check reports the reason ("authentication failed") in the mailbox status.
      if (listeners.get(mailbox.id) === listener) listeners.delete(mailbox.id);
      await session?.close();
      services.logger.debug({ mailbox: mailbox.id, err: (err as Error).message }, 'IDLE listener not started');
      return false;
    }
  };

  const giveBack = async (mailboxId: number, listener: Listener, session: ImapSession) => {
    try {
      if (!session.usable) throw new Error('connection lost during the check');
      if (session.selected !== WATCHED) {
        // The check went on to another folder: back to INBOX, and anything that came meanwhile is announced.
        const box = await session.examine(WATCHED);
        listener.lent = false;
        await announceMissed(mailboxId, box.uidNext);
        return;
      }
      listener.lent = false;
      if (session.unseenArrivals) onNewMail(mailboxId);
    } catch {
      // A broken connection is dropped; the next refresh starts another listener.
      if (listeners.get(mailboxId) === listener) listeners.delete(mailboxId);
      await session.close();
    }
  };

  return {
    async refresh() {
      if (stopping) return;
      const mailboxes = await GatewayMailbox.findAll({ where: { enabled: true } });
      const wanted = new Map(mailboxes.map((m) => [m.id, { mailbox: m, key: accountKey(m) }]));
      for (const [id, listener] of listeners) {
        if (wanted.get(id)?.key === listener.key) continue;
        listeners.delete(id);
        // A lent connection is closed by its check's release (it is no longer this mailbox's listener).
        if (!listener.lent) void listener.session?.close();
      }
      for (const [id, { mailbox, key }] of wanted) {
        if (listeners.has(id)) continue;
        const listener: Listener = { key, started: Promise.resolve(false), session: null, lent: false };
        listeners.set(id, listener);
        listener.started = listen(mailbox, listener);
      }
    },
    listening(mailboxId) {
      return listeners.get(mailboxId)?.started ?? Promise.resolve(false);
    },
    lend(mailbox) {
      const listener = listeners.get(mailbox.id);
      const session = listener?.session;
      if (!listener || !session || listener.lent || listener.key !== accountKey(mailbox) || !session.usable)
        return null;
      listener.lent = true;
      return {
        session,
        release: async () => {
          if (stopping || listeners.get(mailbox.id) !== listener) await session.close();
          else await giveBack(mailbox.id, listener, session);
        },
      };
    },
    async stop() {
      stopping = true;
      const open = [...listeners.values()].filter((l) => !l.lent && l.session);
      listeners.clear();
      await Promise.all(open.map((l) => l.session!.close()));
    },
  };
}
