import { InferCreationAttributes, Op, Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { messageScope, within } from '../../access/policy';
import { NotFoundError } from '../errors';
import { afterCursor, orderFor, SortSpec, toPage } from '../pagination';
import type { DomainContext } from '../context';
import { LinkedRecord, RecordType, resolveLinkField, resolveVisibleRecord } from '../history/linked-record';
import { recordTrace } from '../history/service';
import { AddressRow, addressRows } from './addresses';
import { messageContentHash } from './content-hash';
import { decideMessageIdentity } from './identity';
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

async function storeMessage(ctx: DomainContext, prepared: PreparedMessage, conflict: boolean): Promise<Message> {
  const message = await Message.create(
    { ...prepared.values, contentHash: prepared.contentHash, messageIdConflict: conflict },
    { transaction: ctx.tx },
  );
  if (prepared.addresses.length)
    await MessageAddress.bulkCreate(
      prepared.addresses.map((row) => ({ ...row, messageId: message.id })),
      { transaction: ctx.tx },
    );
  return message;
}

/**
 * The messages stored under this Message-ID with their content hashes. A row stored before content hashes existed
 * gets its hash computed from its stored columns (the same function, hence the same answer as at filing time) and
 * written back, so each such row costs this once.
 */
async function storedUnderMessageId(ctx: DomainContext, hash: string): Promise<Map<number, Message>> {
  const rows = await Message.findAll({ where: { messageIdHash: hash }, transaction: ctx.tx });
  for (const row of rows) {
    if (row.contentHash) continue;
    row.contentHash = messageContentHash(row);
    await Message.update(
      { contentHash: row.contentHash },
      { where: { id: row.id, contentHash: null }, transaction: ctx.tx, silent: true },
    );
  }
  return new Map(rows.map((row) => [Number(row.id), row]));
}

/**
 * Finds or stores the message an e-mail is (identity.ts): the same Message-ID with the same content is the same
 * message, stored once however many users file it from whichever client. A different content under a known
 * Message-ID is stored as a message of its own, flagged, and never linked to the other: knowing a Message-ID (every
 * reply carries its thread's ids) must not open a colleague's mail.
 */
async function findOrStore(
  ctx: DomainContext,
  prepared: PreparedMessage,
): Promise<{ message: Message; created: boolean }> {
  if (prepared.values.kind !== 'email') return { message: await storeMessage(ctx, prepared, false), created: true };
  const stored = await storedUnderMessageId(ctx, prepared.values.messageIdHash);
  const decision = decideMessageIdentity(
    prepared.contentHash,
    [...stored.values()].map((m) => ({ id: Number(m.id), contentHash: m.contentHash! })),
  );
  if (decision.action === 'merge') return { message: stored.get(decision.id)!, created: false };
  return { message: await storeMessage(ctx, prepared, decision.conflict), created: true };
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
 * (resolveVisibleRecord, filing/targets.ts requireVisibleTargets): one visibility check per record, not two.
 */
export async function filePreparedMessageOn(
  ctx: DomainContext,
  prepared: PreparedMessage,
  records: readonly LinkedRecord[],
): Promise<FileResult> {
  const { message, created } = await findOrStore(ctx, prepared);
  const result: FileResult = { message, messageCreated: created, links: { created: [], existing: [] } };
  for (const record of records) {
    const ref = { recordType: record.recordType, recordId: record.recordId };
    // A message stored just now has no links yet: only a found one needs looking.
    const link = created
      ? null
      : await MessageLink.findOne({
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
