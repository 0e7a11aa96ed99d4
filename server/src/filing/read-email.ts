import { BadRequestError, PayloadTooLargeError } from '../domain/errors';
import { normalizeMessageId } from '../domain/messages/message-id';
import { EmailAddress, EmailInput, MAX_MESSAGE_BYTES, messageIdList, synthesizeMessageId } from './email';
import { parseRawEmail } from './parse-mime';
import type { EmailSource } from './schemas';

export function tooLarge(): PayloadTooLargeError {
  return new PayloadTooLargeError(
    `The email is larger than the filing limit of ${MAX_MESSAGE_BYTES / 1024 / 1024} MB (message with attachments). ` +
      'Save the large attachments separately and file the email without them.',
  );
}

/** An email from a request: a raw message body (message/rfc822), `raw` in JSON, or the structured fields. */
export async function readEmail(rawBody: Buffer | null, source: EmailSource): Promise<EmailInput> {
  if (rawBody) return parseRawEmail(rawBody);
  if (source.raw !== undefined) {
    const raw = Buffer.from(source.raw, 'base64');
    if (raw.length > MAX_MESSAGE_BYTES) throw tooLarge();
    return parseRawEmail(raw);
  }
  return structuredEmail(source);
}

const mailboxOf = (m: string | { address: string; name?: string }): EmailAddress =>
  typeof m === 'string'
    ? { address: m.trim(), name: null }
    : { address: m.address.trim(), name: m.name?.trim() || null };

/**
 * The structured fallback. Without a Message-ID, one is derived from the fields that identify the mail (sender,
 * recipients, date, subject, body), so the same mail sent twice by the same host is stored once.
 */
export function structuredEmail(source: EmailSource): EmailInput {
  const attachments = (source.attachments ?? []).map((a) => ({
    name: a.name,
    mediaType: a.mediaType,
    content: Buffer.from(a.contentBase64, 'base64'),
  }));
  const size =
    attachments.reduce((sum, a) => sum + a.content.length, 0) +
    Buffer.byteLength(source.html ?? '') +
    Buffer.byteLength(source.text ?? '');
  if (size > MAX_MESSAGE_BYTES) throw tooLarge();
  if (!source.from && !source.subject && !source.text && !source.html && !attachments.length) {
    throw new BadRequestError(
      'The request holds no email: send the raw message (Content-Type: message/rfc822, or "raw" as base64) ' +
        'or at least one of from, subject, text, html, attachments',
      'empty_message',
    );
  }
  const from = source.from ? mailboxOf(source.from) : null;
  const to = (source.to ?? []).map(mailboxOf);
  const cc = (source.cc ?? []).map(mailboxOf);
  const date = source.date ? new Date(source.date) : null;
  const givenId = source.messageId ? normalizeMessageId(source.messageId) : '';
  const fingerprint = JSON.stringify([
    from?.address,
    to.map((a) => a.address),
    cc.map((a) => a.address),
    source.date ?? null,
    source.subject ?? null,
    source.text ?? null,
    source.html ?? null,
  ]);
  return {
    messageId: givenId || synthesizeMessageId(fingerprint),
    messageIdSynthesized: !givenId,
    inReplyTo: source.inReplyTo ? normalizeMessageId(source.inReplyTo) || null : null,
    references: messageIdList(source.references),
    subject: source.subject?.trim() || null,
    from,
    to,
    cc,
    date: date ?? new Date(),
    html: source.html ?? null,
    text: source.text?.trim() ? source.text : null,
    attachments,
  };
}
