import { Op, Transaction } from 'sequelize';
import type { Actor } from '../access/actor';
import { Message, MessageLink } from '../domain/messages/model';
import { messageIdHash } from '../domain/messages/message-id';
import { FilingRecord, RecordRef, refKey, visibleRecords } from './targets';

/** References can list a whole thread's history; the newest ones (at the end, RFC 5322 §3.6.4) suffice. */
const MAX_THREAD_IDS = 50;

/** The visible records the messages with these Message-IDs are filed on, in a stable order. */
export async function recordsFiledFor(actor: Actor, messageIds: string[], tx?: Transaction): Promise<FilingRecord[]> {
  const hashes = [...new Set(messageIds.filter(Boolean).map(messageIdHash))];
  if (!hashes.length) return [];
  const messages = await Message.findAll({
    where: { messageIdHash: { [Op.in]: hashes } },
    attributes: ['id'],
    transaction: tx,
  });
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

/** The Message-IDs a reply points to: In-Reply-To first, then the newest References. */
export function threadMessageIds(inReplyTo: string | null | undefined, references: readonly string[]): string[] {
  const ids = [...(inReplyTo ? [inReplyTo] : []), ...references.slice(-MAX_THREAD_IDS).reverse()];
  return [...new Set(ids)].slice(0, MAX_THREAD_IDS);
}

/** Where the thread of a reply is filed: the records proposed for it, and the targets of auto-filing. */
export async function threadRecords(
  actor: Actor,
  inReplyTo: string | null | undefined,
  references: readonly string[],
  tx?: Transaction,
): Promise<FilingRecord[]> {
  return recordsFiledFor(actor, threadMessageIds(inReplyTo, references), tx);
}
