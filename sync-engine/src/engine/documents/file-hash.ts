import { createHash } from 'node:crypto';

/**
 * What a file *is*, for deciding whether it changed: SHA-256 of its bytes (lower-case hex, as the CRM's
 * content-addressed blob store keys documents). A new ETag or modification time with the same bytes is no change,
 * so a share that re-stamps files (a copy, a restore, a Nextcloud rescan) causes no ping-pong. Pure.
 */
export function fileContentHash(body: Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Whether a listed ETag names the version a link last saw. The weak comparison of RFC 7232 §2.3.2 (opaque tags
 * equal, `W/` ignored): Apache hands out `W/"size-mtime"` for a second after a change and the same tag strong
 * afterwards, and that is the same version — only the *write* needs the strong form (webdav-folder/etags.ts).
 * A missing tag on either side proves nothing: the bytes decide.
 */
export function sameVersionTag(linked: string | null, listed: string | null): boolean {
  if (linked === null || listed === null) return false;
  return linked.replace(/^W\//, '') === listed.replace(/^W\//, '');
}
