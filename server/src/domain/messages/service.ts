import { InferCreationAttributes, Op, Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { messageScope, within } from '../../access/policy';
import { NotFoundError } from '../errors';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import type { DomainContext } from '../context';
import { LinkedRecord, RecordType, resolveLinkField, resolveVisibleRecord } from '../history/linked-record';
import { recordTrace } from '../history/service';
import { addressRows } from './addresses';
import { MessageDto, messageDtos } from './dto';
import { messageIdHash, newNoteMessageId, normalizeMessageId } from './message-id';
import { Mailbox, Message, MessageAddress, MessageLink } from './model';
import { sanitizeEmailHtml } from './sanitize-html';

export interface RecordRef {
  recordType: RecordType;
  recordId: number;
}

export interface NoteInput {
  kind: 'note';
  body: string;
  subject?: string | null;
  records: RecordRef[];
}

export interface EmailInput {
  kind: 'email';
  messageId: string;
  inReplyTo?: string | null;
  references?: string[];
  direction?: 'inbound' | 'outbound';
  from: Mailbox;
  to?: Mailbox[];
  cc?: Mailbox[];
  date: string;
  subject?: string | null;
  text?: string | null;
  html?: string | null;
  records: RecordRef[];
}

export type MessageInput = NoteInput | EmailInput;

export interface FileResult {
  message: Message;
  /** False when a message with the same Message-ID was already stored: only missing links were added. */
  messageCreated: boolean;
  links: { created: RecordRef[]; existing: RecordRef[] };
}

export async function findVisibleMessage(actor: Actor, id: number, tx?: Transaction): Promise<Message> {
  const message = await Message.findOne({ where: within(messageScope(actor), { id }), transaction: tx });
  if (!message) throw new NotFoundError('Message', id);
  return message;
}

async function resolveRecords(ctx: DomainContext, records: RecordRef[]): Promise<LinkedRecord[]> {
  const resolved: LinkedRecord[] = [];
  const seen = new Set<string>();
  for (const [i, ref] of records.entries()) {
    const key = `${ref.recordType}:${ref.recordId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    resolved.push(await resolveLinkField(ctx.actor, ref, `records.${i}.recordId`, ctx.tx));
  }
  return resolved;
}

function messageValues(
  ctx: DomainContext,
  input: MessageInput,
): Omit<InferCreationAttributes<Message>, 'id' | 'createdAt' | 'updatedAt'> {
  if (input.kind === 'note') {
    const messageId = newNoteMessageId();
    return {
      messageId,
      messageIdHash: messageIdHash(messageId),
      inReplyTo: null,
      referencesHeader: null,
      kind: 'note',
      direction: 'internal',
      fromAddress: ctx.actor.email,
      fromName: ctx.actor.name,
      toJson: [],
      ccJson: [],
      sentAt: new Date(),
      subject: input.subject ?? null,
      bodyText: input.body,
      bodyHtml: null,
      authorUserId: ctx.actor.userId,
    };
  }
  const messageId = normalizeMessageId(input.messageId);
  const references = (input.references ?? []).map(normalizeMessageId).filter(Boolean);
  return {
    messageId,
    messageIdHash: messageIdHash(messageId),
    inReplyTo: input.inReplyTo ? normalizeMessageId(input.inReplyTo) || null : null,
    referencesHeader: references.length ? references.join(' ') : null,
    kind: 'email',
    direction: input.direction ?? 'inbound',
    fromAddress: input.from.address,
    fromName: input.from.name ?? null,
    toJson: input.to ?? [],
    ccJson: input.cc ?? [],
    sentAt: new Date(input.date),
    subject: input.subject ?? null,
    bodyText: input.text ?? null,
    // Raw HTML never reaches the database (see model: bodyHtml is "already sanitized").
    bodyHtml: input.html ? sanitizeEmailHtml(input.html) : null,
    authorUserId: ctx.actor.userId,
  };
}

async function storeMessage(ctx: DomainContext, input: MessageInput): Promise<Message> {
  const message = await Message.create(messageValues(ctx, input), { transaction: ctx.tx });
  const rows = input.kind === 'email' ? addressRows(input.from, input.to ?? [], input.cc ?? []) : [];
  if (rows.length)
    await MessageAddress.bulkCreate(
      rows.map((row) => ({ ...row, messageId: message.id })),
      { transaction: ctx.tx },
    );
  return message;
}

/**
 * Files a note or an e-mail on records. The Message-ID is the identity of an e-mail: the same mail filed again
 * (by anyone, from any client) adds only the links that are missing, so a thread never shows a message twice.
 */
export async function fileMessage(ctx: DomainContext, input: MessageInput): Promise<FileResult> {
  const records = await resolveRecords(ctx, input.records);
  const existing =
    input.kind === 'email'
      ? await Message.findOne({ where: { messageIdHash: messageIdHash(input.messageId) }, transaction: ctx.tx })
      : null;
  const message = existing ?? (await storeMessage(ctx, input));
  const result: FileResult = { message, messageCreated: !existing, links: { created: [], existing: [] } };
  for (const record of records) {
    const ref = { recordType: record.recordType, recordId: record.recordId };
    const link = await MessageLink.findOne({
      where: { messageId: message.id, ...ref },
      attributes: ['id'],
      transaction: ctx.tx,
    });
    if (link) {
      result.links.existing.push(ref);
      continue;
    }
    await MessageLink.create({ messageId: message.id, ...ref, linkedById: ctx.actor.userId }, { transaction: ctx.tx });
    await recordTrace(ctx.tx, {
      ...ref,
      partnerId: record.partnerId,
      userId: ctx.actor.userId,
      action: 'file',
      changes: { messageId: Number(message.id), kind: message.kind, subject: message.subject },
    });
    result.links.created.push(ref);
  }
  return result;
}

// Newest first; the id breaks ties between messages sent in the same millisecond.
const newestFirst: SortSpec = { field: 'sentAt', direction: 'desc' };

export async function listRecordMessages(
  actor: Actor,
  query: RecordRef & { limit: number; cursor?: string },
): Promise<{ items: MessageDto[]; nextCursor: string | null }> {
  await resolveVisibleRecord(actor, query.recordType, query.recordId);
  const links = Message.sequelize!.literal(
    `(SELECT message_id FROM message_links WHERE record_type = ${Message.sequelize!.escape(query.recordType)} AND record_id = ${Number(query.recordId)})`,
  );
  const rows = await Message.findAll({
    where: { [Op.and]: [messageScope(actor), { id: { [Op.in]: links } }, afterCursor(query.cursor, newestFirst)] },
    order: orderFor(newestFirst),
    limit: query.limit + 1,
  });
  const page = toPage(rows, query.limit, newestFirst, (message) => message.sentAt);
  return { items: await messageDtos(actor, page.items), nextCursor: page.nextCursor };
}
