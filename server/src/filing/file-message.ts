import type { FiledDocument, FileResult } from '@akte/core';
import { Op } from 'sequelize';
import { RefusedError } from '../domain/errors';
import type { DomainContext } from '../domain/context';
import { documentNameProblem } from '../domain/documents/names';
import { lockRecordRows } from '../domain/documents/record-lock';
import { addStoredDocuments } from '../domain/documents/service';
import { visibleMessageIdConflicts } from '../domain/messages/dto';
import { MessageAddress } from '../domain/messages/model';
import { filePreparedMessageOn } from '../domain/messages/service';
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

/**
 * Files a prepared email (prepare-email.ts: HTML sanitized, message fingerprinted, attachments already in the blob
 * store) on `targets` in the caller's transaction, which therefore only writes rows: the message is found by its
 * identity (Message-ID and content, domain/messages/identity.ts) or stored, only the missing record links are added,
 * each with a 'file' history entry; then every attachment goes on every target record as a document unless a
 * document with the same SHA-256 is already there.
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
  const { email } = prepared;
  // Decided again inside the transaction (prepareEmail refused early): the lists may have changed since. A caller
  // filing many messages in one transaction reads the lists once in it (`neverLogEntries`) and passes them in.
  const decision = decideNeverLog(
    participantsOf(email),
    ctx.actor.email,
    options.neverLogEntries ?? (await neverLogEntriesFor(ctx.actor.userId, ctx.tx)),
  );
  if (decision.action === 'refuse') throw new NeverLogError(decision.neverLogged);
  const records = options.visibleTargets ?? (await requireVisibleTargets(ctx.actor, targets, ctx.tx));
  // Attachments lock their target records (record-lock.ts); all of them at once and before any other write keeps
  // the lock order the same as in every other transaction that changes a record.
  if (prepared.attachments.length) await lockRecordRows(records, ctx.tx);
  // The records were resolved just now, in this transaction: no second visibility check per record.
  const filed = await filePreparedMessageOn(ctx, prepared.message, records);
  const messageId = Number(filed.message.id);
  if (filed.messageCreated && decision.skippedAddresses.length) {
    // Never-logged participants stay in the message's headers but are not indexed: no lookup finds them through it.
    await MessageAddress.destroy({
      where: { messageId, emailNormalized: { [Op.in]: decision.skippedAddresses } },
      transaction: ctx.tx,
    });
  }
  const createdKeys = new Set(filed.links.created.map(refKey));
  const documents = await attachToRecords(ctx, messageId, prepared.attachments, records);
  const conflicts = await visibleMessageIdConflicts(ctx.actor, [filed.message], ctx.tx);
  return {
    message: {
      id: messageId,
      messageId: filed.message.messageId,
      subject: filed.message.subject,
      messageIdSynthesized: email.messageIdSynthesized,
      messageIdConflict: conflicts.has(messageId),
    },
    created: filed.messageCreated,
    linked: records.filter((r) => createdKeys.has(refKey(r))),
    alreadyLinked: records.filter((r) => !createdKeys.has(refKey(r))),
    documents,
    skippedAddresses: decision.skippedAddresses,
  };
}

/**
 * Attachments become documents on every target record (documents/service.ts addStoredDocuments): an attachment
 * whose SHA-256 is already among the record's documents is skipped, so filing the same mail again, or another mail
 * with the same file, adds nothing. The document remembers the message it came from.
 */
async function attachToRecords(
  ctx: DomainContext,
  messageId: number,
  attachments: StoredAttachment[],
  records: FilingRecord[],
): Promise<FiledDocument[]> {
  if (!attachments.length) return [];
  const created: FiledDocument[] = [];
  for (const record of records) {
    const added = await addStoredDocuments(ctx, record, attachments, messageId);
    for (const { document, created: isNew } of added) {
      if (!isNew) continue;
      created.push({
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
