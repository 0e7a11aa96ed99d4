import type { Mailbox } from '../../../core/src/api-types';
import type { MailItem } from '../../../core/src/filing-client/host';

/**
 * Thunderbird's message header as the shared filing client's MailItem. Pure: the header comes from
 * messages.get, the threading headers from messages.getFull (messages.get has no References).
 */
export interface HeaderLike {
  id: number;
  subject: string;
  author: string;
  recipients: string[];
  ccList: string[];
  date: Date | string;
  headerMessageId: string;
}

/** "Kim Kunde <kim@kunde.example>", "\"Kunde, Kim\" <kim@…>" or a bare address (RFC 5322 §3.4 name-addr/addr-spec). */
export function mailboxOf(text: string): Mailbox | null {
  const trimmed = text.trim();
  const angle = /^(.*)<([^<>\s]+@[^<>\s]+)>\s*$/.exec(trimmed);
  if (angle) {
    const name = angle[1]
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim();
    return { address: angle[2].toLowerCase(), ...(name ? { name } : {}) };
  }
  return /^[^\s@<>]+@[^\s@<>]+$/.test(trimmed) ? { address: trimmed.toLowerCase() } : null;
}

const mailboxes = (list: string[]) => list.map(mailboxOf).filter((m): m is Mailbox => m !== null);

/** Message-IDs in a References / In-Reply-To value, with their angle brackets (RFC 5322 §3.6.4). */
export function messageIdsIn(value: string | undefined): string[] {
  return value?.match(/<[^<>\s]+>/g) ?? [];
}

export function mailItemOf(header: HeaderLike, threading: { inReplyTo?: string; references?: string }): MailItem {
  const date = header.date instanceof Date ? header.date : new Date(header.date);
  return {
    itemId: String(header.id),
    // Thunderbird keeps the Message-ID without angle brackets; the server compares the bracketed form.
    internetMessageId: header.headerMessageId ? `<${header.headerMessageId.replace(/^<|>$/g, '')}>` : null,
    subject: header.subject,
    from: mailboxOf(header.author),
    to: mailboxes(header.recipients),
    cc: mailboxes(header.ccList),
    date: Number.isNaN(date.getTime()) ? null : date.toISOString(),
    inReplyTo: messageIdsIn(threading.inReplyTo)[0] ?? null,
    references: messageIdsIn(threading.references),
  };
}
