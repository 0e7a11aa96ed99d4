/// <reference types="office-js" />
import type { AttachmentInput, EmailPayload, Mailbox, StructuredEmail } from '../../../core/src/api-types';
import type { MailItem } from '../../../core/src/filing-client/host';
import { officeCall } from './async-result';
import { mailboxSupports, requirement } from './capabilities';
import { utf8ToBase64 } from './encoding';
import { threadHeadersOf } from './headers';

/** Reads a message in read mode (the open item, or one loaded with loadItemByIdAsync) — nothing here decides. */
type ReadItem = Office.MessageRead;

const mailbox = (d: Office.EmailAddressDetails | undefined | null): Mailbox | null =>
  d?.emailAddress ? { address: d.emailAddress, ...(d.displayName ? { name: d.displayName } : {}) } : null;
const mailboxes = (list: Office.EmailAddressDetails[] | undefined): Mailbox[] =>
  (list ?? []).map(mailbox).filter((m): m is Mailbox => m !== null);

export async function describeItem(item: ReadItem): Promise<MailItem> {
  const thread = mailboxSupports(requirement.internetHeaders)
    ? threadHeadersOf(await officeCall<string>((cb) => item.getAllInternetHeadersAsync(cb)).catch(() => ''))
    : { inReplyTo: null, references: [] };
  const date = item.dateTimeCreated instanceof Date ? item.dateTimeCreated : null;
  return {
    itemId: item.itemId ?? null,
    internetMessageId: item.internetMessageId || null,
    subject: item.subject ?? '',
    from: mailbox(item.from),
    to: mailboxes(item.to),
    cc: mailboxes(item.cc),
    date: date && !Number.isNaN(date.getTime()) ? date.toISOString() : null,
    ...thread,
  };
}

/**
 * The whole message: getAsFileAsync (Mailbox 1.14) gives the original MIME in base64 — headers, body and
 * attachments exactly as received, which is what the server parses and deduplicates on. Older Outlooks get the
 * structured fallback.
 */
export async function messageContent(item: ReadItem): Promise<EmailPayload> {
  if (mailboxSupports(requirement.rawMessage) && typeof item.getAsFileAsync === 'function') {
    const base64 = await officeCall<string>((cb) => item.getAsFileAsync(cb));
    if (base64) return { kind: 'raw', base64 };
  }
  return { kind: 'structured', email: await structuredContent(item) };
}

async function structuredContent(item: ReadItem): Promise<StructuredEmail> {
  const described = await describeItem(item);
  const html = await officeCall<string>((cb) => item.body.getAsync(Office.CoercionType.Html, cb));
  const attachments: AttachmentInput[] = [];
  for (const attachment of item.attachments ?? []) {
    const content = await attachmentContent(item, attachment);
    if (content) attachments.push(content);
  }
  return {
    ...(described.internetMessageId ? { messageId: described.internetMessageId } : {}),
    ...(described.inReplyTo ? { inReplyTo: described.inReplyTo } : {}),
    ...(described.references.length ? { references: described.references } : {}),
    subject: described.subject,
    ...(described.from ? { from: described.from } : {}),
    to: described.to,
    cc: described.cc,
    ...(described.date ? { date: described.date } : {}),
    html,
    attachments,
  };
}

/**
 * getAttachmentContentAsync (Mailbox 1.8) answers in one of four formats: base64 for files, eml for attached
 * messages, iCalendar for attached invitations (both as text), and url for cloud attachments, which have no
 * content to store — those are left out.
 */
async function attachmentContent(item: ReadItem, details: Office.AttachmentDetails): Promise<AttachmentInput | null> {
  if (typeof item.getAttachmentContentAsync !== 'function') return null;
  const content = await officeCall<Office.AttachmentContent>((cb) => item.getAttachmentContentAsync(details.id, cb));
  const name = details.name || 'attachment';
  switch (content.format) {
    case Office.MailboxEnums.AttachmentContentFormat.Base64:
      return { name, mediaType: details.contentType || 'application/octet-stream', contentBase64: content.content };
    case Office.MailboxEnums.AttachmentContentFormat.Eml:
      return {
        name: /\.eml$/i.test(name) ? name : `${name}.eml`,
        mediaType: 'message/rfc822',
        contentBase64: utf8ToBase64(content.content),
      };
    case Office.MailboxEnums.AttachmentContentFormat.ICalendar:
      return {
        name: /\.ics$/i.test(name) ? name : `${name}.ics`,
        mediaType: 'text/calendar',
        contentBase64: utf8ToBase64(content.content),
      };
    default:
      return null;
  }
}
