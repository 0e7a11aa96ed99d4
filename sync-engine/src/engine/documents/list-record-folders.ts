import type { RemoteFile } from '../../providers/folder-provider';
import type { RecordFolder } from './document-port';
import { hrefIn, nameOfHref, type DocumentRound } from './document-round';
import { MAX_SUBFOLDER_DEPTH } from './out-of-reach';
import type { ListedFile } from './plan-folder';

export interface ListedRecordFolder {
  record: RecordFolder;
  folderHref: string;
  /**
   * The folder's files, those in its sub-folders too, each named by its path below the folder (`Verträge/a.pdf`).
   * Empty when the remote has no folder.
   */
  files: ListedFile[];
  /** Files below the depth limit, listed only to know they are there (out-of-reach.ts). */
  deepFiles: ListedFile[];
  /** The listing below the limit stopped at its bound with sub-folders unread. */
  deepUnlisted: boolean;
}

export interface RecordFolderListing {
  folders: ListedRecordFolder[];
  /** No record folder on the remote holds a file: with links, the remote "turned up empty" (guards.ts). */
  remoteEmpty: boolean;
}

const listedFile = (file: RemoteFile, prefix: string): ListedFile => ({
  name: `${prefix}${nameOfHref(file.href)}`,
  href: file.href,
  etag: file.etag,
  size: file.size,
});

/**
 * How many folders below the depth limit one record folder's listing reads: enough to see a file moved one or a few
 * levels too deep, bounded because a link loop on a share has no bottom.
 */
export const MAX_FOLDERS_BEYOND = 16;

/**
 * A record folder's files and those of its sub-folders, one Depth 1 PROPFIND per folder (Apache refuses Depth
 * infinity, RFC 4918 §9.1), named by their path below the record folder: a document keeps the sub-folder it sits
 * in, as Akte's own /dav/files/ keeps it (dav_file_folders), and goes back there when it changes. Below
 * MAX_SUBFOLDER_DEPTH the walk goes on for at most MAX_FOLDERS_BEYOND folders, only to know which files are down
 * there: they are never synced, but a linked file moved there must not read as deleted (out-of-reach.ts).
 */
async function listRecordFolderTree(
  round: DocumentRound,
  folderHref: string,
): Promise<Pick<ListedRecordFolder, 'files' | 'deepFiles' | 'deepUnlisted'>> {
  const files: ListedFile[] = [];
  const deepFiles: ListedFile[] = [];
  const pending = [{ href: folderHref, prefix: '', depth: 0 }];
  let beyond = 0;
  while (pending.length) {
    const { href, prefix, depth } = pending.shift()!;
    if (depth > MAX_SUBFOLDER_DEPTH && ++beyond > MAX_FOLDERS_BEYOND) {
      round.report.errors.push(`${href}: deeper than ${MAX_SUBFOLDER_DEPTH} sub-folders, not listed`);
      return { files, deepFiles, deepUnlisted: true };
    }
    const listing = await round.provider.listFolder(href);
    (depth > MAX_SUBFOLDER_DEPTH ? deepFiles : files).push(...listing.files.map((f) => listedFile(f, prefix)));
    for (const sub of listing.folders)
      pending.push({ href: sub, prefix: `${prefix}${nameOfHref(sub)}/`, depth: depth + 1 });
  }
  return { files, deepFiles, deepUnlisted: false };
}

/**
 * The complete listing of the collection, read before anything is written: the top folder (Depth 1) for record
 * folders, then each record folder. A failure anywhere throws and the round ends before its first write, so no
 * deletion is ever inferred from a partial listing. A folder whose name points at no record the owner may see is
 * left alone; two remote folders of one record (`Partner 12 - Old name`, `Partner 12 - New name`: only the number
 * identifies the record) are reported and the second is left alone rather than merged.
 * Records with documents but no remote folder are listed with no files (their folder is made on the first PUT).
 */
export async function listRecordFolders(round: DocumentRound): Promise<RecordFolderListing> {
  const { port, provider, state } = round;
  const top = await provider.listFolder(state.remote.href);
  const byRecord = new Map<string, ListedRecordFolder>();
  let files = 0;
  for (const folderHref of top.folders) {
    const record = await port.resolveRecordFolder(state.id, nameOfHref(folderHref));
    if (!record) continue;
    const seen = byRecord.get(record.recordKey);
    if (seen) {
      round.report.errors.push(`${folderHref}: a second folder of the record in ${seen.folderHref}, left alone`);
      continue;
    }
    const listed = await listRecordFolderTree(round, folderHref);
    files += listed.files.length;
    byRecord.set(record.recordKey, { record, folderHref, ...listed });
  }
  for (const record of await port.recordsWithDocuments(state.id)) {
    if (byRecord.has(record.recordKey)) continue;
    byRecord.set(record.recordKey, {
      record,
      folderHref: `${hrefIn(state.remote.href, record.folderName)}/`,
      files: [],
      deepFiles: [],
      deepUnlisted: false,
    });
  }
  return { folders: [...byRecord.values()], remoteEmpty: files === 0 };
}
