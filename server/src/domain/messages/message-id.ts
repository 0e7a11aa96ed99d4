import { createHash, randomUUID } from 'node:crypto';

/**
 * The canonical form of a Message-ID (RFC 5322 §3.6.4: `"<" id-left "@" id-right ">"`): trimmed and in angle
 * brackets, so `abc@x` and `<abc@x>` file as the same message. Case is kept: the id-left part is case-sensitive.
 */
export function normalizeMessageId(raw: string): string {
  const bare = raw.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  return bare ? `<${bare}>` : '';
}

/** The fixed-size unique key of a Message-ID (the id itself can be longer than an index allows). */
export function messageIdHash(messageId: string): string {
  return createHash('sha256').update(normalizeMessageId(messageId)).digest('hex');
}

/** A notes' own Message-ID: notes take part in the same dedup as e-mails without ever colliding with one. */
export function newNoteMessageId(): string {
  return `<${randomUUID()}@akte.local>`;
}
