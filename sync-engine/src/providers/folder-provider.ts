/**
 * The contract of a remote *folder of files* (a WebDAV share: Nextcloud, Apache mod_dav, another Akte's
 * /dav/files/), for the documents of CRM records — one sub-folder per partner or opportunity. Unlike the record
 * providers (provider.ts) there is no codec and no sync-token: files are bytes, a folder tree is listed folder by
 * folder, and a file changed on both sides is never merged — the engine keeps both (conflictCopyName).
 * Writes are conditional exactly as in provider.ts; transport failures are thrown as RemoteUnavailableError.
 */
import type { CreateOutcome, DeleteOutcome, UpdateOutcome } from './provider';

export interface RemoteFile {
  href: string;
  /** May be weak (`W/"…"`): Apache marks an ETag weak for a second after a change (see webdav-folder/). */
  etag: string | null;
  size: number | null;
  contentType: string | null;
}

export interface FolderListing {
  files: RemoteFile[];
  /** Sub-folder hrefs, ending in `/`. */
  folders: string[];
}

export interface DownloadedFile {
  href: string;
  etag: string | null;
  contentType: string | null;
  body: Uint8Array;
}

/** A MOVE's outcome: `precondition-failed` when the file changed or the destination is taken (Overwrite: F). */
export type MoveOutcome = { kind: 'moved' } | { kind: 'precondition-failed' } | { kind: 'gone' };

export interface FolderProvider {
  readonly name: string;
  /** One folder's direct members (Depth 1). */
  listFolder(folderHref: string): Promise<FolderListing>;
  /** Every file below a folder, folder by folder (servers refuse Depth infinity, RFC 4918 §9.1). */
  listTree(folderHref: string): Promise<RemoteFile[]>;
  /** Null when the file is gone. */
  download(href: string): Promise<DownloadedFile | null>;
  /** `If-None-Match: *`: 412 → `exists`. Missing parent folders are made first. */
  createFile(href: string, body: Uint8Array, contentType: string): Promise<CreateOutcome>;
  /** `If-Match`: 412 → `precondition-failed`. */
  updateFile(href: string, body: Uint8Array, contentType: string, ifMatch: string | null): Promise<UpdateOutcome>;
  deleteFile(href: string, ifMatch: string | null): Promise<DeleteOutcome>;
  /**
   * Renames or moves a file (MOVE, RFC 4918 §9.9) with `If-Match` and `Overwrite: F`: never over another file, never
   * a version not seen. Missing parent folders of the destination are made first.
   */
  moveFile(fromHref: string, toHref: string, ifMatch: string | null): Promise<MoveOutcome>;
  /** MKCOL, parents first; an existing folder is fine. */
  ensureFolder(folderHref: string): Promise<void>;
}
