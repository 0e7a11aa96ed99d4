/**
 * If-Match compares strongly (RFC 7232 §3.1, §2.3.2): a weak ETag never matches. Apache mod_dav hands out a weak
 * ETag (`W/"size-mtime"`) for a file changed within the last second — it cannot tell two changes in that second
 * apart — and the same tag strong afterwards. So a conditional write sends the strong form of the tag it read: it
 * succeeds once the server vouches for the tag, and within that second it fails with 412 (the engine re-reads and
 * retries, or the next round does), never overwriting a change it has not seen. Pure.
 */
export function ifMatchValue(etag: string): string {
  return etag.replace(/^W\//, '');
}
