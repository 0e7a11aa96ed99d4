/**
 * RFC 7232 conditional requests as DAV clients use them (RFC 4791 §5.3.2, RFC 6352 §6.3.2): `If-None-Match: *` to
 * create without overwriting, `If-Match: "etag"` to update only the version the client has seen. Pure.
 */
export interface ConditionalHeaders {
  ifMatch?: string;
  ifNoneMatch?: string;
}

export type PreconditionResult = { ok: true } | { ok: false; reason: string };

function etagList(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

export function checkPreconditions(currentEtag: string | null, headers: ConditionalHeaders): PreconditionResult {
  if (headers.ifMatch !== undefined) {
    const wanted = etagList(headers.ifMatch);
    if (currentEtag === null) return { ok: false, reason: 'If-Match on a resource that does not exist' };
    // Strong comparison (RFC 7232 §3.1): a weak `W/"…"` entry never matches.
    if (!wanted.includes('*') && !wanted.includes(currentEtag)) {
      return { ok: false, reason: 'If-Match does not match the current ETag' };
    }
  }
  if (headers.ifNoneMatch !== undefined) {
    // Weak comparison for If-None-Match (RFC 7232 §3.2).
    const unwanted = etagList(headers.ifNoneMatch).map((t) => t.replace(/^W\//, ''));
    if (currentEtag !== null && (unwanted.includes('*') || unwanted.includes(currentEtag))) {
      return { ok: false, reason: 'If-None-Match: the resource exists' };
    }
  }
  return { ok: true };
}
