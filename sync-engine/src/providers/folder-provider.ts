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
  /** MKCOL, parents first; an existing folder is fine. */
  ensureFolder(folderHref: string): Promise<void>;
}
