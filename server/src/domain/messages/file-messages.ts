import { Op } from 'sequelize';
import { attributesOfRow, insertRows, insertRowsReturningIds, sqlIn } from '../../db/sql';
import type { DomainContext } from '../context';
import type { LinkedRecord } from '../history/linked-record';
import { recordTraces, TraceInput } from '../history/service';
import { messageContentHash } from './content-hash';
import { decideMessageIdentity, StoredCandidate } from './identity';
import { Message, MessageLink } from './model';
import type { FileResult, PreparedMessage, RecordRef } from './service';

/** One message to file and the records it goes on, resolved by the caller as the actor sees them in this unit. */
export interface MessageToFile {
  prepared: PreparedMessage;
  records: readonly LinkedRecord[];
}

/** The messages table's columns, in the order messageRow lists the values. */
const COLUMNS = [
  'message_id',
  'message_id_hash',
  'content_hash',
  'message_id_conflict',
  'in_reply_to',
  'references_header',
  'kind',
  'direction',
  'from_address',
  'from_name',
  'to_json',
  'cc_json',
  'sent_at',
  'subject',
  'body_text',
  'body_html',
  'author_user_id',
  'created_at',
  'updated_at',
];

/**
 * Bodies of up to a few MB each go into one INSERT; MariaDB refuses a statement beyond max_allowed_packet (16 MB by
 * default), so a group of large messages is split into statements of at most this many characters (up to four
 * bytes each in UTF-8).
 */
const MAX_STATEMENT_CHARS = 3 * 1024 * 1024;
/** Rows per multi-row INSERT of small rows: far below SQLite's 32,766 bound variables. */
const MAX_SMALL_ROWS = 5_000;

/** A message of this batch not stored yet: later items with its identity merge into it. */
interface Pending {
  prepared: PreparedMessage;
  conflict: boolean;
  message?: Message;
}

/**
 * Files many prepared notes and e-mails (service.ts prepareMessage) on their records in the caller's unit of work
 * with every rule of a single filing, in a fixed number of statements for any number of messages: one lookup of the
 * stored messages under all their Message-IDs, one INSERT each for the new messages, their addresses, the missing
 * links and their 'file' history entries (and one lookup of the links of messages found stored). A group of mail
 * from a mailbox costs what one message costs.
 *
 * Identity (identity.ts) is decided per message in input order, as if filed one after another: the same Message-ID
 * with the same content is the same message, stored once, whether it was stored before or earlier in this batch; a
 * different content under a known Message-ID is stored as a message of its own, flagged, and never linked to the
 * other. Only missing links are added, each once. Returns one result per item, in input order.
 */
export async function fileMessagesOn(ctx: DomainContext, items: readonly MessageToFile[]): Promise<FileResult[]> {
  if (!items.length) return [];
  const stored = await storedUnderMessageIds(
    ctx,
    items.filter((i) => i.prepared.values.kind === 'email').map((i) => i.prepared.values.messageIdHash),
  );
  // Per item: the stored message it is, or the pending one (of this batch) it is or becomes.
  const pending: Pending[] = [];
  const pendingUnder = new Map<string, Pending[]>();
  const decided = items.map(({ prepared }): Message | Pending => {
    if (prepared.values.kind !== 'email') return add(pending, { prepared, conflict: false });
    const hash = prepared.values.messageIdHash;
    const same = (pendingUnder.get(hash) ?? []).find((p) => p.prepared.contentHash === prepared.contentHash);
    if (same) return same;
    const candidates: StoredCandidate[] = (stored.get(hash) ?? []).map((m) => ({
      id: Number(m.id),
      contentHash: m.contentHash!,
    }));
    const decision = decideMessageIdentity(prepared.contentHash, candidates);
    if (decision.action === 'merge') return stored.get(hash)!.find((m) => Number(m.id) === decision.id)!;
    const created = add(pending, { prepared, conflict: decision.conflict || pendingUnder.has(hash) });
    pendingUnder.set(hash, [...(pendingUnder.get(hash) ?? []), created]);
    return created;
  });
  await storeMessages(ctx, pending);
  const messages = decided.map((d) => (d instanceof Message ? d : d.message!));

  const found = [...new Set(decided.filter((d): d is Message => d instanceof Message).map((m) => Number(m.id)))];
  const linked = await existingLinks(ctx, found);
  const now = new Date();
  const links: unknown[][] = [];
  const traces: TraceInput[] = [];
  const results = items.map((item, i): FileResult => {
    const message = messages[i];
    const result: FileResult = {
      message,
      messageCreated: !(decided[i] instanceof Message) && decided.indexOf(decided[i]) === i,
      links: { created: [], existing: [] },
    };
    for (const record of item.records) {
      const ref: RecordRef = { recordType: record.recordType, recordId: record.recordId };
      const key = `${Number(message.id)}|${ref.recordType}:${ref.recordId}`;
      if (linked.has(key)) {
        result.links.existing.push(ref);
        continue;
      }
      linked.add(key);
      links.push([message.id, ref.recordType, ref.recordId, ctx.actor.userId, now]);
      traces.push({
        ...ref,
        partnerId: record.partnerId,
        userId: ctx.actor.userId,
        action: 'file',
        changes: { messageId: Number(message.id), kind: message.kind, subject: message.subject },
      });
      result.links.created.push(ref);
    }
    return result;
  });
  for (const chunk of chunks(links, MAX_SMALL_ROWS, () => 1))
    await insertRows(
      sqlIn(ctx.tx),
      'message_links',
      ['message_id', 'record_type', 'record_id', 'linked_by_id', 'created_at'],
      chunk,
    );
  for (const chunk of chunks(traces, MAX_SMALL_ROWS, () => 1)) await recordTraces(ctx.tx, chunk);
  return results;
}

function add<T>(list: T[], item: T): T {
  list.push(item);
  return item;
}

/**
 * The messages stored under these Message-IDs, by Message-ID hash, in one query. A row stored before content hashes
 * existed gets its hash computed from its stored columns (the same function, hence the same answer as at filing
 * time) and written back, so each such row costs this once.
 */
async function storedUnderMessageIds(ctx: DomainContext, hashes: string[]): Promise<Map<string, Message[]>> {
  const byHash = new Map<string, Message[]>();
  const wanted = [...new Set(hashes)];
  if (!wanted.length) return byHash;
  const rows = await Message.findAll({ where: { messageIdHash: { [Op.in]: wanted } }, transaction: ctx.tx });
  for (const row of rows) {
    if (!row.contentHash) {
      row.contentHash = messageContentHash(row);
      await Message.update(
        { contentHash: row.contentHash },
        { where: { id: row.id, contentHash: null }, transaction: ctx.tx, silent: true },
      );
    }
    byHash.set(row.messageIdHash, [...(byHash.get(row.messageIdHash) ?? []), row]);
  }
  return byHash;
}

/** The links (message id | record key) of messages found stored; a message stored just now has none yet. */
async function existingLinks(ctx: DomainContext, messageIds: number[]): Promise<Set<string>> {
  if (!messageIds.length) return new Set();
  const rows = await MessageLink.findAll({
    where: { messageId: { [Op.in]: messageIds } },
    attributes: ['messageId', 'recordType', 'recordId'],
    transaction: ctx.tx,
  });
  return new Set(rows.map((l) => `${Number(l.messageId)}|${l.recordType}:${l.recordId}`));
}

/** The new messages with their addresses: one INSERT each (or a few for very large bodies). */
async function storeMessages(ctx: DomainContext, pending: Pending[]): Promise<void> {
  if (!pending.length) return;
  const sql = sqlIn(ctx.tx);
  const now = new Date();
  const rows = pending.map(({ prepared: { values, contentHash }, conflict }) => [
    values.messageId,
    values.messageIdHash,
    contentHash,
    conflict,
    values.inReplyTo,
    values.referencesHeader,
    values.kind,
    values.direction,
    values.fromAddress,
    values.fromName,
    JSON.stringify(values.toJson ?? []),
    JSON.stringify(values.ccJson ?? []),
    values.sentAt,
    values.subject,
    values.bodyText,
    values.bodyHtml,
    values.authorUserId,
    now,
    now,
  ]);
  const size = (row: unknown[]) => row.reduce<number>((n, v) => n + (typeof v === 'string' ? v.length : 8), 0);
  const ids: number[] = [];
  // Within a batch a (Message-ID, content) pair is new exactly once (later copies merged into it): the key the ids
  // are matched by.
  for (const chunk of chunks(rows, MAX_STATEMENT_CHARS, size))
    ids.push(...(await insertRowsReturningIds(sql, 'messages', COLUMNS, chunk, ['message_id_hash', 'content_hash'])));
  // Built as read from the row (raw: JSON columns as their text, timestamps set although read-only).
  pending.forEach((p, i) => {
    const values = attributesOfRow(COLUMNS, rows[i]);
    p.message = Message.build({ ...values, id: ids[i] } as never, { isNewRecord: false, raw: true });
  });
  const addresses = pending.flatMap((p) => p.prepared.addresses.map((a) => [p.message!.id, a.emailNormalized, a.role]));
  for (const chunk of chunks(addresses, MAX_SMALL_ROWS, () => 1))
    await insertRows(sql, 'message_addresses', ['message_id', 'email_normalized', 'role'], chunk);
}

/** `list` in runs whose `weight` adds up to at most `max` (a heavier single item is a run of its own). */
function chunks<T>(list: readonly T[], max: number, weight: (item: T) => number): T[][] {
  const out: T[][] = [];
  let run: T[] = [];
  let total = 0;
  for (const item of list) {
    const w = weight(item);
    if (run.length && total + w > max) {
      out.push(run);
      run = [];
      total = 0;
    }
    run.push(item);
    total += w;
  }
  if (run.length) out.push(run);
  return out;
}
