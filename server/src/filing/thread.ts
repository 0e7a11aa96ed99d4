import { Op, Transaction } from 'sequelize';
import type { Actor } from '../access/actor';
import { Message, MessageLink } from '../domain/messages/model';
import { messageIdHash } from '../domain/messages/message-id';
import { FilingRecord, RecordRef, refKey, visibleRecords } from './targets';

/** References can list a whole thread's history; the newest ones (at the end, RFC 5322 §3.6.4) suffice. */
const MAX_THREAD_IDS = 50;

/**
 * The visible records the messages with these Message-IDs are filed on, in a stable order. With `unambiguousOnly`, a
 * Message-ID under which two different messages are stored (message identity: the same id, another content — a
 * dummy planted under a thread's id, domain/messages/identity.ts) names no record at all: the id alone cannot say
 * which record holds the thread, and following it would file a reply onto the planter's record.
 */
export async function recordsFiledFor(
  actor: Actor,
  messageIds: string[],
  tx?: Transaction,
  options: { unambiguousOnly?: boolean } = {},
): Promise<FilingRecord[]> {
  const hashes = [...new Set(messageIds.filter(Boolean).map(messageIdHash))];
  if (!hashes.length) return [];
  const found = await Message.findAll({
    where: { messageIdHash: { [Op.in]: hashes } },
    attributes: ['id', 'messageIdHash'],
    transaction: tx,
  });
  const messages = options.unambiguousOnly ? withoutSharedIds(found) : found;
  if (!messages.length) return [];
  const links = await MessageLink.findAll({
    where: { messageId: { [Op.in]: messages.map((m) => m.id) } },
    attributes: ['recordType', 'recordId'],
    order: [['id', 'ASC']],
    transaction: tx,
  });
  const refs = new Map<string, RecordRef>(
    links.map((l) => [refKey(l), { recordType: l.recordType, recordId: l.recordId }]),
  );
  const visible = await visibleRecords(actor, [...refs.values()], tx);
  return [...refs.keys()].map((key) => visible.get(key)).filter((r): r is FilingRecord => r !== undefined);
}

/** The messages whose Message-ID no other stored message carries. */
function withoutSharedIds<T extends { messageIdHash: string }>(messages: T[]): T[] {
  const carriers = new Map<string, number>();
  for (const m of messages) carriers.set(m.messageIdHash, (carriers.get(m.messageIdHash) ?? 0) + 1);
  return messages.filter((m) => carriers.get(m.messageIdHash) === 1);
}

/** The Message-IDs a reply points to: In-Reply-To first, then the newest References. */
export function threadMessageIds(inReplyTo: string | null | undefined, references: readonly string[]): string[] {
  const ids = [...(inReplyTo ? [inReplyTo] : []), ...references.slice(-MAX_THREAD_IDS).reverse()];
  return [...new Set(ids)].slice(0, MAX_THREAD_IDS);
}

/**
 * Where the thread of a reply is filed: the records proposed for it, and the targets of auto-filing. Only through
 * Message-IDs that name one stored message (recordsFiledFor, `unambiguousOnly`).
 */
export async function threadRecords(
  actor: Actor,
  inReplyTo: string | null | undefined,
  references: readonly string[],
  tx?: Transaction,
): Promise<FilingRecord[]> {
  return recordsFiledFor(actor, threadMessageIds(inReplyTo, references), tx, { unambiguousOnly: true });
}
