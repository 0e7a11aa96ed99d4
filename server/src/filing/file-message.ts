import { normalizeEmail, type FiledDocument, type FileResult } from '@akte/core';
import { Op } from 'sequelize';
import { RefusedError } from '../domain/errors';
import type { DomainContext } from '../domain/context';
import { documentNameProblem, isMediaType } from '../domain/documents/names';
import { lockRecordRows } from '../domain/documents/record-lock';
import { uploadDocument } from '../domain/documents/service';
import { MessageAddress } from '../domain/messages/model';
import { fileMessage, MessageInput } from '../domain/messages/service';
import type { EmailAttachment, EmailInput } from './email';
import { decideNeverLog } from './never-log';
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

export function participantsOf(email: EmailInput): string[] {
  return [email.from, ...email.to, ...email.cc].filter((a) => a !== null).map((a) => a.address);
}

/**
 * Files `email` on `targets` in the caller's transaction: the message is stored once by its Message-ID and only
 * the missing record links are added, each with a 'file' history entry (messages/service.ts fileMessage); then every
 * attachment goes on every target record as a document unless a document with the same SHA-256 is already there.
 */
export async function fileEmail(ctx: DomainContext, email: EmailInput, targets: RecordRef[]): Promise<FileResult> {
  const decision = decideNeverLog(
    participantsOf(email),
    ctx.actor.email,
    await neverLogEntriesFor(ctx.actor.userId, ctx.tx),
  );
  if (decision.action === 'refuse') throw new NeverLogError(decision.neverLogged);
  const records = await requireVisibleTargets(ctx.actor, targets, ctx.tx);
  // Attachments lock their target records (record-lock.ts); all of them at once and before any other write keeps
  // the lock order the same as in every other transaction that changes a record.
  if (email.attachments.length) await lockRecordRows(records, ctx.tx);
  const filed = await fileMessage(ctx, toMessageInput(ctx, email, records));
  const messageId = Number(filed.message.id);
  if (filed.messageCreated && decision.skippedAddresses.length) {
    // Never-logged participants stay in the message's headers but are not indexed: no lookup finds them through it.
    await MessageAddress.destroy({
      where: { messageId, emailNormalized: { [Op.in]: decision.skippedAddresses } },
      transaction: ctx.tx,
    });
  }
  const createdKeys = new Set(filed.links.created.map(refKey));
  const documents = await attachToRecords(ctx, messageId, email.attachments, records);
  return {
    message: {
      id: messageId,
      messageId: filed.message.messageId,
      subject: filed.message.subject,
      messageIdSynthesized: email.messageIdSynthesized,
    },
    created: filed.messageCreated,
    linked: records.filter((r) => createdKeys.has(refKey(r))),
    alreadyLinked: records.filter((r) => !createdKeys.has(refKey(r))),
    documents,
    skippedAddresses: decision.skippedAddresses,
  };
}

function toMessageInput(ctx: DomainContext, email: EmailInput, records: FilingRecord[]): MessageInput {
  const outbound = email.from !== null && normalizeEmail(email.from.address) === normalizeEmail(ctx.actor.email);
  const mailbox = (a: { address: string; name: string | null }) => ({
    address: a.address.slice(0, 254),
    ...(a.name ? { name: a.name.slice(0, 255) } : {}),
  });
  return {
    kind: 'email',
    messageId: email.messageId,
    inReplyTo: email.inReplyTo,
    references: email.references,
    direction: outbound ? 'outbound' : 'inbound',
    // A message without a From header (drafts, broken exports) is still filed; its sender is unknown.
    from: email.from ? mailbox(email.from) : { address: '' },
    to: email.to.map(mailbox),
    cc: email.cc.map(mailbox),
    date: email.date.toISOString(),
    subject: email.subject,
    text: email.text,
    html: email.html,
    records: records.map((r) => ({ recordType: r.recordType, recordId: r.recordId })),
  };
}

/**
 * Attachments become documents on every target record through the documents service, which stores each content
 * once (content-addressed blobs) and skips an attachment whose SHA-256 is already among the record's documents, so
 * filing the same mail again, or another mail with the same file, adds nothing. The document remembers the message
 * it came from.
 */
async function attachToRecords(
  ctx: DomainContext,
  messageId: number,
  attachments: EmailAttachment[],
  records: FilingRecord[],
): Promise<FiledDocument[]> {
  const created: FiledDocument[] = [];
  for (const record of records) {
    for (const attachment of attachments) {
      const { document, created: isNew } = await uploadDocument(ctx, {
        recordType: record.recordType,
        recordId: record.recordId,
        name: attachmentDocumentName(attachment.name),
        mediaType: isMediaType(attachment.mediaType) ? attachment.mediaType : 'application/octet-stream',
        content: attachment.content,
      });
      if (!isNew) continue;
      await document.update({ messageId }, { transaction: ctx.tx, silent: true });
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
