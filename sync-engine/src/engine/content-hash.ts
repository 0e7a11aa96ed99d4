import { createHash } from 'node:crypto';
import { canonicalFields, type Fields } from '../codecs/fields';

/**
 * The fingerprint of what a record *means*: SHA-256 over its UID and canonical normalized fields. Servers rewrite
 * what they store — DTSTAMP, PRODID, REV, line order, folding — and some answer a PUT without an ETag (RFC 7231
 * §4.3.4 allows it when the stored body differs from the request); comparing this hash instead of bytes or ETags
 * is what keeps such a server from bouncing every record back and forth forever.
 */
export function contentHash(uid: string | null, fields: Fields): string {
  return createHash('sha256')
    .update(JSON.stringify([uid ?? '', canonicalFields(fields)]))
    .digest('base64url');
}

/** Whether a fetched body changed anything since the last sync; a new ETag alone is no change. */
export function remoteContentChanged(lastSyncedHash: string | null, fetchedHash: string): boolean {
  return lastSyncedHash !== fetchedHash;
}
