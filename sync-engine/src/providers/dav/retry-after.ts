/**
 * Retry-After (RFC 9110 §10.2.3) in milliseconds from `now`: either delay-seconds or an HTTP-date. Null when the
 * header is missing or unreadable (the worker then backs off on its own schedule); never negative.
 */
export function retryAfterMs(header: string | null, now: Date): number | null {
  if (header === null) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}
