import { ImapFlow } from 'imapflow';
import type { FolderStatus } from './folder-cursor';

export interface ImapAccount {
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
}

/** One fetched message: its UID and raw bytes (RFC 5322), nothing parsed yet. */
export interface FetchedMessage {
  uid: number;
  source: Buffer;
}

/**
 * Messages are fetched in UID batches of this size: memory stays flat however large the folder (a batch holds header
 * blocks, the sources stream through groups). Each batch ends in a pause — its last group stored, the cursor saved,
 * the lease renewed, the next header FETCH answered — while neither side computes: with 50 those pauses were a third
 * of a 1,000-message check (issue #14; 4.6–5.3 s → 3.7 s, 1.04 → 0.77 statements per message). A crash redoes at most
 * one batch, which is harmless (messages are found by their identity).
 */
const FETCH_BATCH = 200;

export interface SessionOptions {
  /**
   * A connection kept open to listen (idle-watch.ts): IDLE re-issued within RFC 2177 §3's 29 minutes, and entered
   * a second after the last command instead of imapflow's 15 s, so new mail is announced at once.
   */
  listen?: boolean;
}

/**
 * One IMAP connection for one mailbox (imapflow). Folders are opened one after another on it (one connection per
 * account: servers limit concurrent logins, Dovecot to 10 per user and IP by default).
 */
export class ImapSession {
  /** EXISTS as the last UID SEARCH of the selected folder saw it: more afterwards means mail the check did not see. */
  private existsSeen = 0;
  /** The highest UID the last UID SEARCH reported (`n:*` always names the folder's last message, RFC 3501 §6.4.8). */
  private highestUidSeen = 0;

  private constructor(private readonly client: ImapFlow) {}

  static async open(account: ImapAccount, options: SessionOptions = {}): Promise<ImapSession> {
    const client = new ImapFlow({
      host: account.host,
      port: account.port,
      secure: account.tls,
      // Plain connections stay plain: opportunistic STARTTLS against a test server without TLS would fail.
      doSTARTTLS: account.tls ? undefined : false,
      auth: { user: account.username, pass: account.password },
      logger: false,
      connectionTimeout: 15_000,
      greetingTimeout: 10_000,
      ...(options.listen ? { maxIdleTime: 25 * 60_000, autoIdleDelay: 1_000 } : {}),
    });
    // An error event without a listener would crash the process; the awaited command reports it.
    client.on('error', () => undefined);
    await client.connect();
    return new ImapSession(client);
  }

  /** RFC 7162: HIGHESTMODSEQ is meaningful only when the server advertises CONDSTORE (or QRESYNC, which implies it). */
  get condstore(): boolean {
    return this.client.capabilities.has('CONDSTORE') || this.client.capabilities.has('QRESYNC');
  }

  /** The folder selected on this connection (null: none), and whether the connection still works. */
  get selected(): string | null {
    return this.client.mailbox ? this.client.mailbox.path : null;
  }

  get usable(): boolean {
    return this.client.usable;
  }

  /** EXISTS of the selected folder now, beyond what the last UID SEARCH saw (new mail the caller has not taken). */
  get unseenArrivals(): boolean {
    return !!this.client.mailbox && this.client.mailbox.exists > this.existsSeen;
  }

  /** The highest UID the last UID SEARCH of the selected folder reported (0: none). */
  get highestUid(): number {
    return this.highestUidSeen;
  }

  /** New messages announced by the server (an EXISTS count higher than before, RFC 3501 §7.3.1). */
  onArrivals(listener: () => void): void {
    this.client.on('exists', (data: { count: number; prevCount: number }) => {
      if (data.count > data.prevCount) listener();
    });
  }

  onClose(listener: () => void): void {
    this.client.on('close', listener);
  }

  async listFolders(): Promise<Array<{ path: string; specialUse: string | null }>> {
    const listed = await this.client.list();
    return listed.map((f) => ({ path: f.path, specialUse: f.specialUse ?? null }));
  }

  /**
   * STATUS (RFC 3501 §6.3.10; HIGHESTMODSEQ with CONDSTORE, RFC 7162 §3.1.6): the folder's counters without opening
   * it. Opening a large folder costs the server a resync of its whole index (Dovecot: 0.3–1 s for 10,000 Maildir
   * messages on a loaded machine); STATUS of an unchanged folder is answered from the index in a millisecond.
   */
  async status(path: string): Promise<FolderStatus | null> {
    const found = await this.client.status(path, {
      uidValidity: true,
      uidNext: true,
      messages: true,
      ...(this.condstore ? { highestModseq: true } : {}),
    });
    // No answer (a folder imapflow could not query): EXAMINE decides.
    if (!found || found.uidValidity === undefined || found.uidNext === undefined) return null;
    return {
      uidValidity: String(found.uidValidity),
      uidNext: Number(found.uidNext),
      exists: Number(found.messages),
      highestModseq: this.condstore && found.highestModseq !== undefined ? String(found.highestModseq) : null,
    };
  }

  /** EXAMINE (read-only: checking never sets \Seen, RFC 3501 §6.3.2) and what it reports. */
  async examine(path: string): Promise<FolderStatus> {
    const box = await this.client.mailboxOpen(path, { readOnly: true });
    return {
      uidValidity: String(box.uidValidity),
      uidNext: box.uidNext,
      exists: box.exists,
      highestModseq: this.condstore && box.highestModseq !== undefined ? String(box.highestModseq) : null,
    };
  }

  /**
   * The selected folder brought up to date: NOOP is how a client asks for news of the selected mailbox (RFC 3501
   * §6.1.2; STATUS must not be used for that, §6.3.10) — the server answers with EXISTS and EXPUNGE, and the folder
   * is not opened again. UIDNEXT is not updated by those responses: the fetch's UID SEARCH decides what is new.
   */
  async refreshSelected(): Promise<{ uidValidity: string; exists: number }> {
    await this.client.noop();
    const box = this.client.mailbox;
    if (!box) throw new Error('no folder is selected on this connection');
    return { uidValidity: String(box.uidValidity), exists: box.exists };
  }

  /**
   * The UIDs above `afterUid` in the selected folder, ascending, in batches of FETCH_BATCH. `UID n:*` also returns
   * the highest message when n is beyond it (RFC 3501 §6.4.8), hence the filter.
   */
  async uidBatchesAfter(afterUid: number): Promise<number[][]> {
    const found = await this.client.search({ uid: `${afterUid + 1}:*` }, { uid: true });
    this.existsSeen = this.client.mailbox ? this.client.mailbox.exists : 0;
    this.highestUidSeen = (found || []).reduce((max, uid) => Math.max(max, uid), 0);
    const uids = (found || []).filter((uid) => uid > afterUid).sort((a, b) => a - b);
    const batches: number[][] = [];
    for (let i = 0; i < uids.length; i += FETCH_BATCH) batches.push(uids.slice(i, i + FETCH_BATCH));
    return batches;
  }

  /**
   * The header blocks of a batch (BODY.PEEK[HEADER], RFC 3501 §6.4.5: PEEK sets no \Seen), all at once: a few KB
   * each. Routing decides on them which messages are worth their bodies.
   */
  async headersOf(uids: readonly number[]): Promise<FetchedMessage[]> {
    if (!uids.length) return [];
    const heads: FetchedMessage[] = [];
    for await (const message of this.client.fetch(uids.join(','), { uid: true, headers: true }, { uid: true })) {
      if (message.headers) heads.push({ uid: message.uid, source: message.headers });
    }
    return heads;
  }

  /**
   * The whole messages (BODY.PEEK[]) of `uids`, streamed: the caller writes to the database between messages but
   * sends no IMAP command — imapflow forbids that while a FETCH streams; what the server sends meanwhile waits in
   * imapflow's queue, at most one batch. Expunged ones simply never come.
   */
  async *sourcesOf(uids: readonly number[]): AsyncGenerator<FetchedMessage> {
    if (!uids.length) return;
    for await (const message of this.client.fetch(uids.join(','), { uid: true, source: true }, { uid: true })) {
      if (message.source) yield { uid: message.uid, source: message.source };
    }
  }

  async close(): Promise<void> {
    try {
      await this.client.logout();
    } catch {
      this.client.close();
    }
  }
}

/** What a connection failure means to a person (the mailbox status shows it). */
export function describeImapError(err: unknown): string {
  const e = err as { authenticationFailed?: boolean; code?: string; message?: string; responseText?: string };
  if (e.authenticationFailed) return 'authentication failed';
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ENOTFOUND') return 'host not found';
  if (e.code === 'ETIMEDOUT' || e.code === 'CONNECT_TIMEOUT') return 'connection timed out';
  return e.responseText || e.message || String(err);
}
