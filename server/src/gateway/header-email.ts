import Headers from '@zone-eu/mailsplit/lib/headers';
import libmime from 'libmime';
import { parseAddressHeader } from 'mailparser';
import { normalizeMessageId } from '../domain/messages/message-id';
import { EmailInput, messageIdList, synthesizeMessageId } from '../filing/email';
import { flatten, unparsable } from '../filing/parse-mime';

/**
 * Fields mailparser keeps even when empty (an empty Date becomes "now", an empty address list is still a list): they
 * count as header fields and take the first place; every other empty field counts as absent.
 */
const KEPT_EMPTY = new Set([
  'date',
  'from',
  'to',
  'cc',
  'bcc',
  'sender',
  'reply-to',
  'delivered-to',
  'return-path',
  'disposition-notification-to',
  'references',
  'content-type',
  'content-disposition',
  'dkim-signature',
  'priority',
  'x-priority',
  'x-msmail-priority',
  'importance',
]);

/** As parse-mime.ts: recipients kept per header. */
const MAX_RECIPIENTS = 500;

/**
 * The EmailInput of a header block (BODY.PEEK[HEADER]) — what parseRawEmail gives for it, without mailparser's
 * MIME tree, streams and body decoders, which cost header screening an eighth of a check's CPU (issue #14). The
 * header is split by mailsplit's own Headers and each field decoded as mailparser's processHeaders does (libmime
 * for RFC 2047 words, mailparser's parseAddressHeader for RFC 5322 addresses); the unit test holds both to the same
 * facts. A header block has no body: no text, HTML or attachments.
 */
export function parseHeaderEmail(raw: Buffer): EmailInput {
  if (!raw.length) throw unparsable('the message is empty');
  if (raw.subarray(0, 64 * 1024).includes(0))
    throw unparsable('the data contains NUL bytes (binary, not a MIME message)');
  const fields = new Map<string, string[]>();
  for (const { key, line } of new Headers(headerBlock(raw)).getList()) {
    // As mailparser: unfolded, trimmed, the bytes read as UTF-8 (RFC 6532); an empty field counts as absent.
    const value = Buffer.from((libmime.decodeHeader(line).value || '').toString().trim(), 'binary').toString();
    if (!value && !KEPT_EMPTY.has(key)) continue;
    const list = fields.get(key);
    if (list) list.push(value);
    else fields.set(key, [value]);
  }
  if (fields.size === 0) throw unparsable('no header fields found (expected "Name: value" lines, then an empty line)');
  const first = (key: string) => fields.get(key)?.[0];
  // From is a single field for mailparser (the first occurrence), To and Cc gather every occurrence.
  const addresses = (values: string[] | undefined) => flatten(values ? parseAddressHeader(values) : undefined);

  const rawId = first('message-id');
  const givenId = rawId ? normalizeMessageId(messageIdFormat(words(rawId))) : '';
  const rawDate = first('date');
  const date = rawDate === undefined ? null : new Date(rawDate);
  return {
    messageId: givenId || synthesizeMessageId(raw),
    messageIdSynthesized: !givenId,
    inReplyTo: messageIdList(first('in-reply-to') && messageIdFormat(words(first('in-reply-to')!)))[0] ?? null,
    references: messageIdList(
      (fields.get('references') ?? []).flatMap((v) => words(v).split(/\s+/).map(messageIdFormat)),
    ),
    subject: words(first('subject') ?? '').trim() || null,
    from: addresses(fields.get('from')?.slice(0, 1))[0] ?? null,
    to: addresses(fields.get('to')).slice(0, MAX_RECIPIENTS),
    cc: addresses(fields.get('cc')).slice(0, MAX_RECIPIENTS),
    date: date && !Number.isNaN(date.getTime()) ? date : new Date(),
    html: null,
    text: null,
    attachments: [],
  };
}

/** The header block: up to the first empty line (CRLF or bare LF), where mailsplit's splitter ends it. */
function headerBlock(raw: Buffer): Buffer {
  if (raw[0] === 0x0a || (raw[0] === 0x0d && raw[1] === 0x0a)) return raw.subarray(0, 0);
  for (let i = raw.indexOf(0x0a); i >= 0; i = raw.indexOf(0x0a, i + 1)) {
    if (raw[i + 1] === 0x0a || (raw[i + 1] === 0x0d && raw[i + 2] === 0x0a)) return raw.subarray(0, i + 1);
  }
  return raw;
}

function words(value: string): string {
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

/** mailparser's ensureMessageIDFormat: angle brackets added where missing. */
function messageIdFormat(value: string): string {
  if (!value) return '';
  return `${value.startsWith('<') ? '' : '<'}${value}${value.endsWith('>') ? '' : '>'}`;
}
