import type { FiledDocument, FileResult } from '@akte/core';
import { RefusedError } from '../domain/errors';
import type { DomainContext } from '../domain/context';
import { documentNameProblem } from '../domain/documents/names';
import { lockRecordRows } from '../domain/documents/record-lock';
import { addStoredDocumentsMany } from '../domain/documents/add-stored-documents';
import { visibleMessageIdConflicts } from '../domain/messages/dto';
import { fileMessagesOn } from '../domain/messages/file-messages';
import type { EmailInput } from './email';
import { decideNeverLog } from './never-log';
import type { PreparedEmail, StoredAttachment } from './prepare-email';
import { neverLogEntriesFor } from './settings';
import { FilingRecord, RecordRef, refKey, requireVisibleTargets } from './targets';

export type { FiledDocument, FileResult };

/** 422: the message is private or internal mail by the never-log lists. */
export class NeverLogError extends RefusedError {
  constructor(addresses: string[]) {
    super(
      'never_log',
      `This email is not filed: every other participant (${addresses.join(', ')}) is on a never-log list ` +
        '(your filing settings or the company-wide list)',
      { addresses },
    );
  }
}

export function participantsOf(email: Pick<EmailInput, 'from' | 'to' | 'cc'>): string[] {
  return [email.from, ...email.to, ...email.cc].filter((a) => a !== null).map((a) => a.address);
}

/** One prepared email to file on `targets` (fileEmails). */
export interface EmailToFile {
  prepared: PreparedEmail;
  targets: RecordRef[];
  /** `targets` as requireVisibleTargets would return them, resolved by the caller in this very transaction. */
  visibleTargets?: FilingRecord[];
}

/**
 * Files a prepared email (prepare-email.ts: HTML sanitized, message fingerprinted, attachments already in the blob
 * store) on `targets` in the caller's transaction, which therefore only writes rows: the message is found by its
 * identity (Message-ID and content, domain/messages/identity.ts) or stored, only the missing record links are added,
 * each with a 'file' history entry; then every attachment goes on every target record as a document unless a
 * document with the same SHA-256 is already there. The batch of one of fileEmails.
 */
export async function fileEmail(
  ctx: DomainContext,
  prepared: PreparedEmail,
  targets: RecordRef[],
  options: {
    neverLogEntries?: readonly string[];
    /** `targets` as requireVisibleTargets would return them, resolved by the caller in this very transaction. */
    visibleTargets?: FilingRecord[];
  } = {},
): Promise<FileResult> {
  const [result] = await fileEmails(ctx, [{ prepared, targets, visibleTargets: options.visibleTargets }], options);
  return result;
}

/**
 * fileEmail for many emails in the caller's transaction, with every rule of the single filing and the rows of all
 * of them written by one statement per kind (domain/messages/file-messages.ts): a mailbox's group of mail costs the
 * statements of one message. Refuses the whole batch (NeverLogError, a target not visible) as the single filing
 * refuses its message; the caller's transaction then stores none of them.
 */
export async function fileEmails(
  ctx: DomainContext,
  items: readonly EmailToFile[],
  options: { neverLogEntries?: readonly string[] } = {},
): Promise<FileResult[]> {
  if (!items.length) return [];
  // Decided again inside the transaction (prepareEmail refused early): the lists may have changed since. A caller
  // filing many messages in one transaction reads the lists once in it (`neverLogEntries`) and passes them in.
  const entries = options.neverLogEntries ?? (await neverLogEntriesFor(ctx.actor.userId, ctx.tx));
  const decisions = items.map(({ prepared }) => {
    const decision = decideNeverLog(participantsOf(prepared.email), ctx.actor.email, entries);
    if (decision.action === 'refuse') throw new NeverLogError(decision.neverLogged);
    return decision;
  });
  const records: FilingRecord[][] = [];
  for (const item of items)
    records.push(item.visibleTargets ?? (await requireVisibleTargets(ctx.actor, item.targets, ctx.tx)));
  // Attachments lock their target records (record-lock.ts); all of them at once and before any other write keeps
  // the lock order the same as in every other transaction that changes a record.
  const locked = items.flatMap((item, i) => (item.prepared.attachments.length ? records[i] : []));
  if (locked.length) await lockRecordRows(locked, ctx.tx);
  // The records were resolved just now, in this transaction: no second visibility check per record.
  const filed = await fileMessagesOn(
    ctx,
    items.map(({ prepared }, i) => {
      // Never-logged participants stay in the message's headers but are not indexed: no lookup finds them through it.
      const skipped = new Set(decisions[i].skippedAddresses);
      const message = skipped.size
        ? { ...prepared.message, addresses: prepared.message.addresses.filter((a) => !skipped.has(a.emailNormalized)) }
        : prepared.message;
      return { prepared: message, records: records[i] };
    }),
  );
  const conflicts = await visibleMessageIdConflicts(
    ctx.actor,
    filed.map((f) => f.message),
    ctx.tx,
  );
  const documents = await attachToRecords(
    ctx,
    items.map(({ prepared }, i) => ({
      messageId: Number(filed[i].message.id),
      attachments: prepared.attachments,
      records: records[i],
    })),
  );
  const results: FileResult[] = [];
  for (const [i, { prepared }] of items.entries()) {
    const { message, messageCreated, links } = filed[i];
    const messageId = Number(message.id);
    const createdKeys = new Set(links.created.map(refKey));
    results.push({
      message: {
        id: messageId,
        messageId: message.messageId,
        subject: message.subject,
        messageIdSynthesized: prepared.email.messageIdSynthesized,
        messageIdConflict: conflicts.has(messageId),
      },
      created: messageCreated,
      linked: records[i].filter((r) => createdKeys.has(refKey(r))),
      alreadyLinked: records[i].filter((r) => !createdKeys.has(refKey(r))),
      documents: documents[i],
      skippedAddresses: decisions[i].skippedAddresses,
    });
  }
  return results;
}

/**
 * Attachments become documents on every target record (documents/add-stored-documents.ts, for all messages at once):
 * an attachment whose SHA-256 is already among the record's documents is skipped, so filing the same mail again, or
 * another mail with the same file, adds nothing. The document remembers the message it came from. The records were
 * resolved and locked by fileEmails in this transaction. Answers the created documents per message.
 */
async function attachToRecords(
  ctx: DomainContext,
  messages: Array<{ messageId: number; attachments: StoredAttachment[]; records: FilingRecord[] }>,
): Promise<FiledDocument[][]> {
  const entries = messages.flatMap(({ messageId, attachments, records }, i) =>
    attachments.length ? records.map((record) => ({ i, record, items: attachments, messageId })) : [],
  );
  const added = await addStoredDocumentsMany(ctx, entries);
  const created: FiledDocument[][] = messages.map(() => []);
  for (const [e, { i, record }] of entries.entries()) {
    for (const { document, created: isNew } of added[e]) {
      if (!isNew) continue;
      created[i].push({
        recordType: record.recordType,
        recordId: record.recordId,
        id: document.id,
        name: document.name,
        mediaType: document.mediaType,
        size: document.size,
        sha256: document.sha256,
      });
    }
  }
  return created;
}

/** A file name from a MIME part as a document name: no path, no control characters (documents/names.ts). */
export function attachmentDocumentName(raw: string): string {
  const name = raw
    .replace(/[\\/]/g, '_')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .trim()
    .slice(0, 255);
  return documentNameProblem(name) ? 'attachment' : name;
}
