import { createHash } from 'node:crypto';
import { normalizeMessageId } from '../domain/messages/message-id';

/**
 * The one shape an email has inside filing, whatever it arrived as (raw MIME from Outlook's getAsFileAsync or
 * Thunderbird's getRaw, or structured fields from a host that cannot give the raw message).
 */
export interface EmailAddress {
  address: string;
  name: string | null;
}

export interface EmailAttachment {
  name: string;
  mediaType: string;
  content: Buffer;
}

export interface EmailInput {
  /** Canonical form `<id-left@id-right>` (normalizeMessageId). */
  messageId: string;
  /** True when the message carried no Message-ID and one was derived from its content. */
  messageIdSynthesized: boolean;
  inReplyTo: string | null;
  references: string[];
  subject: string | null;
  from: EmailAddress | null;
  to: EmailAddress[];
  cc: EmailAddress[];
  date: Date;
  /** As received: sanitized only when stored (sanitizeEmailHtml). */
  html: string | null;
  text: string | null;
  attachments: EmailAttachment[];
}

/** The largest message filing accepts (raw MIME, or the decoded size of the structured fields). */
export const MAX_MESSAGE_BYTES = 50 * 1024 * 1024;

/** All msg-ids in an In-Reply-To/References header value (RFC 5322 §3.6.4), canonical, in order, deduplicated. */
export function messageIdList(raw: string | string[] | null | undefined): string[] {
  if (!raw) return [];
  const text = Array.isArray(raw) ? raw.join(' ') : raw;
  const bracketed = text.match(/<[^<>\s]+>/g);
  const ids = bracketed ?? text.split(/[\s,]+/);
  return [...new Set(ids.map(normalizeMessageId).filter(Boolean))];
}

/**
 * A stable Message-ID for a message that has none: derived from its content, so filing the same bytes again finds
 * the same stored message instead of creating a second copy.
 */
export function synthesizeMessageId(content: Buffer | string): string {
  const digest = createHash('sha256').update(content).digest('hex').slice(0, 40);
  return `<${digest}@synthesized.akte.invalid>`;
}
