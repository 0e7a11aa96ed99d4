import type { RemoteFile } from '../../providers/folder-provider';
import type { RecordFolder } from './document-port';
import { hrefIn, nameOfHref, type DocumentRound } from './document-round';
import type { ListedFile } from './plan-folder';

export interface ListedRecordFolder {
  record: RecordFolder;
  folderHref: string;
  /** The folder's files (its direct members; sub-folders are not synced). Empty when the remote has no folder. */
  files: ListedFile[];
}

export interface RecordFolderListing {
  folders: ListedRecordFolder[];
  /** No record folder on the remote holds a file: with links, the remote "turned up empty" (guards.ts). */
  remoteEmpty: boolean;
}

const listedFile = (file: RemoteFile): ListedFile => ({
  name: nameOfHref(file.href),
  href: file.href,
  etag: file.etag,
  size: file.size,
});

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
    const listing = await provider.listFolder(folderHref);
    files += listing.files.length;
    byRecord.set(record.recordKey, { record, folderHref, files: listing.files.map(listedFile) });
  }
  for (const record of await port.recordsWithDocuments(state.id)) {
    if (byRecord.has(record.recordKey)) continue;
    byRecord.set(record.recordKey, {
      record,
      folderHref: `${hrefIn(state.remote.href, record.folderName)}/`,
      files: [],
    });
  }
  return { folders: [...byRecord.values()], remoteEmpty: files === 0 };
}
