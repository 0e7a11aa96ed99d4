import { normalizeEmail } from '@akte/core';
import type { Actor } from '../access/actor';
import type { BlobStore } from '../domain/documents/blob-store';
import { isMediaType } from '../domain/documents/names';
import { storeBlob, StoredBlob } from '../domain/documents/service';
import { MessageInput, prepareMessage, PreparedMessage } from '../domain/messages/service';
import type { EmailInput } from './email';
import { attachmentDocumentName, NeverLogError, participantsOf } from './file-message';
import { decideNeverLog } from './never-log';
import { neverLogEntriesFor } from './settings';

/** An attachment whose bytes are in the blob store, named as the document it becomes. */
export interface StoredAttachment {
  name: string;
  mediaType: string;
  blob: StoredBlob;
}

/** An email made ready for the filing transaction: only rows are left to write. */
export interface PreparedEmail {
  email: Omit<EmailInput, 'attachments'>;
  message: PreparedMessage;
  attachments: StoredAttachment[];
}

/**
 * Everything of a filing that is not a row, done before its transaction (issue #10: one large filing held the
 * database's write lock for tens of seconds while every other writer waited): the HTML is sanitized and the message
 * fingerprinted (prepareMessage), and each attachment is hashed and written to the content-addressed blob store
 * (storeBlob) — once per distinct content, however many records it goes on.
 *
 * A message the never-log lists refuse is refused here already, so none of its attachments ever reaches the disk.
 * If the transaction then fails (a target became invisible meanwhile, the client went away), the stored blobs stay
 * unreferenced: content-addressed, so the client's retry finds them in place and writes nothing again.
 */
export async function prepareEmail(actor: Actor, blobs: BlobStore, email: EmailInput): Promise<PreparedEmail> {
  const decision = decideNeverLog(participantsOf(email), actor.email, await neverLogEntriesFor(actor.userId));
  if (decision.action === 'refuse') throw new NeverLogError(decision.neverLogged);
  const { attachments, ...rest } = email;
  const prepared: StoredAttachment[] = [];
  for (const attachment of attachments) {
    prepared.push({
      name: attachmentDocumentName(attachment.name),
      mediaType: isMediaType(attachment.mediaType) ? attachment.mediaType : 'application/octet-stream',
      // Storing the same bytes again (the same file twice in one mail) is a no-op of the store.
      blob: await storeBlob(blobs, attachment.content),
    });
  }
  return { email: rest, message: prepareMessage(actor, toMessageInput(actor, rest)), attachments: prepared };
}

export function toMessageInput(actor: Actor, email: Omit<EmailInput, 'attachments'>): MessageInput {
  const outbound = email.from !== null && normalizeEmail(email.from.address) === normalizeEmail(actor.email);
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
    // The records are named by the filing transaction (filePreparedMessage), not here.
    records: [],
  };
}
