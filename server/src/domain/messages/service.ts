import { InferCreationAttributes, Op, Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { messageScope, within } from '../../access/policy';
import { NotFoundError } from '../errors';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import type { DomainContext } from '../context';
import { LinkedRecord, RecordType, resolveLinkField, resolveVisibleRecord } from '../history/linked-record';
import { AddressRow, addressRows } from './addresses';
import { messageContentHash } from './content-hash';
import { fileMessagesOn } from './file-messages';
import { MessageDto, messageDtos } from './dto';
import { messageIdHash, newNoteMessageId, normalizeMessageId } from './message-id';
import { Mailbox, Message } from './model';
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
  /** False when this message (same Message-ID and content) was already stored: only missing links were added. */
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

type MessageValues = Omit<
  InferCreationAttributes<Message>,
  'id' | 'createdAt' | 'updatedAt' | 'contentHash' | 'messageIdConflict'
>;

/** A message ready to be stored: everything that costs CPU (sanitizing, hashing) is done before the transaction. */
export interface PreparedMessage {
  values: MessageValues;
  /** messageContentHash of `values`: with the Message-ID, the identity an e-mail is merged on (identity.ts). */
  contentHash: string;
  addresses: AddressRow[];
}

function messageValues(actor: Actor, input: MessageInput): MessageValues {
  if (input.kind === 'note') {
    const messageId = newNoteMessageId();
    return {
      messageId,
      messageIdHash: messageIdHash(messageId),
      inReplyTo: null,
      referencesHeader: null,
      kind: 'note',
      direction: 'internal',
      fromAddress: actor.email,
      fromName: actor.name,
      toJson: [],
      ccJson: [],
      sentAt: new Date(),
      subject: input.subject ?? null,
      bodyText: input.body,
      bodyHtml: null,
      authorUserId: actor.userId,
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
    authorUserId: actor.userId,
  };
}

/**
 * Sanitizes and fingerprints a message without touching the database, so that a caller can do it before its
 * transaction: sanitizing megabytes of HTML inside it would hold the write lock meanwhile (issue #10).
 */
export function prepareMessage(actor: Actor, input: MessageInput): PreparedMessage {
  const values = messageValues(actor, input);
  const addresses = input.kind === 'email' ? addressRows(input.from, input.to ?? [], input.cc ?? []) : [];
  return { values, contentHash: messageContentHash(values), addresses };
}

/**
 * Files a prepared note or e-mail (prepareMessage) on records and adds only the links that are missing, each with a
 * 'file' history entry, so a thread never shows a message twice (identity: findOrStore).
 */
export async function filePreparedMessage(
  ctx: DomainContext,
  prepared: PreparedMessage,
  targets: RecordRef[],
): Promise<FileResult> {
  return filePreparedMessageOn(ctx, prepared, await resolveRecords(ctx, targets));
}

/**
 * filePreparedMessage on records the caller resolved already, as the actor sees them in this transaction
 * (resolveVisibleRecord, filing/targets.ts requireVisibleTargets): one visibility check per record, not two. The
 * batch of one of fileMessagesOn (file-messages.ts), which holds the identity and linking rules.
 */
export async function filePreparedMessageOn(
  ctx: DomainContext,
  prepared: PreparedMessage,
  records: readonly LinkedRecord[],
): Promise<FileResult> {
  const [result] = await fileMessagesOn(ctx, [{ prepared, records }]);
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
