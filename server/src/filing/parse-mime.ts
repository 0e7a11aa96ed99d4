import { AddressObject, EmailAddress as ParsedAddress, simpleParser } from 'mailparser';
import { BadRequestError } from '../domain/errors';
import { normalizeMessageId } from '../domain/messages/message-id';
import { EmailAddress, EmailAttachment, EmailInput, messageIdList, synthesizeMessageId } from './email';

/** Recipients kept per header: enough for any real mailing, bounded so a header bomb cannot bloat the row. */
const MAX_RECIPIENTS = 500;

/**
 * Parses a raw RFC 5322/MIME message (what Outlook's getAsFileAsync and Thunderbird's getRaw return) into an
 * EmailInput. A message without a Message-ID (drafts, some forwarded or exported mails) gets a stable one derived
 * from its bytes; input with no header field at all is not an email and is rejected.
 */
export async function parseRawEmail(raw: Buffer): Promise<EmailInput> {
  if (!raw.length) throw unparsable('the message is empty');
  // NUL never appears in a MIME message (RFC 5322 §2.3, even 8BITMIME excludes it); binary data is no email.
  if (raw.subarray(0, 64 * 1024).includes(0))
    throw unparsable('the data contains NUL bytes (binary, not a MIME message)');
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true }).catch((err: Error) => {
    throw unparsable(err.message);
  });
  if (parsed.headers.size === 0)
    throw unparsable('no header fields found (expected "Name: value" lines, then an empty line)');

  const givenId = parsed.messageId ? normalizeMessageId(parsed.messageId) : '';
  return {
    messageId: givenId || synthesizeMessageId(raw),
    messageIdSynthesized: !givenId,
    inReplyTo: messageIdList(parsed.inReplyTo)[0] ?? null,
    references: messageIdList(parsed.references),
    subject: parsed.subject?.trim() || null,
    from: flatten(parsed.from)[0] ?? null,
    to: flatten(parsed.to).slice(0, MAX_RECIPIENTS),
    cc: flatten(parsed.cc).slice(0, MAX_RECIPIENTS),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date : new Date(),
    html: typeof parsed.html === 'string' ? parsed.html : null,
    text: parsed.text?.trim() ? parsed.text : null,
    attachments: parsed.attachments.map((a, index): EmailAttachment => ({
      name: a.filename?.trim() || defaultAttachmentName(index + 1, a.contentType),
      mediaType: a.contentType || 'application/octet-stream',
      content: a.content,
    })),
  };
}

export function unparsable(reason: string): BadRequestError {
  return new BadRequestError(
    `The message could not be parsed as MIME: ${reason}. Nothing was stored.`,
    'unparsable_message',
  );
}

/** Address headers may hold groups (RFC 5322 §3.4 `group`); filing needs the plain mailboxes. */
export function flatten(header: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = header ? (Array.isArray(header) ? header : [header]) : [];
  const out: EmailAddress[] = [];
  const visit = (entry: ParsedAddress) => {
    if (entry.group) entry.group.forEach(visit);
    else if (entry.address) out.push({ address: entry.address.trim(), name: entry.name?.trim() || null });
  };
  objects.forEach((o) => o.value.forEach(visit));
  return out;
}

const extensions: Record<string, string> = {
  'message/rfc822': 'eml',
  'text/calendar': 'ics',
  'text/plain': 'txt',
  'text/html': 'html',
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
};

/** Parts without a file name (inline images, forwarded messages, calendar parts) still need a readable name. */
export function defaultAttachmentName(position: number, mediaType: string): string {
  const ext = extensions[mediaType.toLowerCase()] ?? 'bin';
  return `attachment-${position}.${ext}`;
}
