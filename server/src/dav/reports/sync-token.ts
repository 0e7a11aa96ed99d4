/**
 * RFC 6578 §3.2 wants the sync-token to be a URI. Ours carries the database-wide revision of the change log
 * (domain/changes): a token R means "the client has seen every change up to revision R". Pure.
 */
const PREFIX = 'http://akte.local/sync/';

export function syncTokenUri(revision: number): string {
  return `${PREFIX}${revision}`;
}

/** The revision in a token, or null when it is not one of ours (→ 403 DAV:valid-sync-token). Empty = initial sync. */
export function parseSyncToken(token: string): number | null {
  const trimmed = token.trim();
  if (trimmed === '') return 0;
  if (!trimmed.startsWith(PREFIX)) return null;
  const digits = trimmed.slice(PREFIX.length);
  if (!/^\d{1,15}$/.test(digits)) return null;
  return Number(digits);
}
