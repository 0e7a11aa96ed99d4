/**
 * Mail no person wrote to a person: auto-replies, bounces, complaint reports, bulk and list mail. The gateway skips
 * it — a vacation notice must not become a lead, a bounce must not land in a customer's history. Pure: the caller
 * hands the message's header fields (names lower-case, values unfolded).
 */
export type AutomatedKind = 'auto_reply' | 'bounce' | 'bulk';

export function automatedMailKind(headers: ReadonlyMap<string, string>): AutomatedKind | null {
  const contentType = (headers.get('content-type') ?? '').toLowerCase();
  // RFC 6522 multipart/report: report-type=delivery-status is a DSN (RFC 3464), feedback-report an ARF
  // complaint (RFC 5965), disposition-notification a read receipt (RFC 8098). None is a person's mail.
  if (/^multipart\/report\b/.test(contentType)) return 'bounce';
  if (/^message\/(delivery-status|feedback-report|disposition-notification)\b/.test(contentType)) return 'bounce';
  if (headers.has('x-failed-recipients')) return 'bounce';
  const from = (headers.get('from') ?? '').toLowerCase();
  if (/\b(mailer-daemon|postmaster)@/.test(from)) return 'bounce';
  // RFC 3834 §5: anything but "no" marks a message generated automatically.
  const autoSubmitted = (headers.get('auto-submitted') ?? '').trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return 'auto_reply';
  // Not standardized, but set by Exchange and most vacation responders (and named in RFC 3834 §3.1.7's rationale).
  if (headers.has('x-autoreply') || headers.has('x-autorespond')) return 'auto_reply';
  const suppress = (headers.get('x-auto-response-suppress') ?? '').toLowerCase();
  if (headers.has('x-ms-exchange-generated-message-source') && suppress.includes('all')) return 'auto_reply';
  // Precedence is not standard either (RFC 3834 §3.1.8 discourages relying on it), but lists and bulk senders set it.
  const precedence = (headers.get('precedence') ?? '').trim().toLowerCase();
  if (['bulk', 'list', 'junk', 'auto_reply'].includes(precedence))
    return precedence === 'auto_reply' ? 'auto_reply' : 'bulk';
  // A mailing list's messages carry List-Id (RFC 2919).
  if (headers.has('list-id')) return 'bulk';
  return null;
}

/**
 * The header block of a raw message as a map: names lower-case, folded lines joined (RFC 5322 §2.2.3); the first
 * occurrence of a field wins. Only the header block is read, however large the body.
 */
export function headerFields(raw: Buffer): Map<string, string> {
  const end = raw.indexOf('\r\n\r\n');
  // A bare-LF blank line counts only before the CRLF one: searched there, not through a megabyte body (issue #14).
  const endLf = raw.subarray(0, end >= 0 ? end : raw.length).indexOf('\n\n');
  const stop = [end, endLf].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? raw.length;
  const text = raw.subarray(0, Math.min(stop, 256 * 1024)).toString('latin1');
  const fields = new Map<string, string>();
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(colon + 1).trim());
  }
  return fields;
}
