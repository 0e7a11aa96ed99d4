import type { Transaction } from 'sequelize';
import type { CrmDocument, RecordFolder as EngineRecordFolder } from '@akte/sync-engine';
import type { Actor } from '../access/actor';
import { parseRecordFolderName, type RecordFolderRef } from '../dav/files/names';
import { findRecordFolderByRef, RecordTree, type RecordFolder } from '../dav/files/tree';

/**
 * The CRM side of a document collection, read exactly as Akte's own `/dav/files/` serves it (dav/files/tree.ts):
 * a record folder per partner or open opportunity the owner sees, named `Partner 12 - Müller GmbH` (only the number
 * identifies the record), and the documents *in the record folder itself* under the names /dav/files/ gives them
 * (two documents of one name: the later one as `name (<id>).ext`). Documents in sub-folders are not synced.
 */
export const recordKeyOf = (ref: RecordFolderRef): string => `${ref.recordType}:${ref.recordId}`;

export function refOfRecordKey(recordKey: string): RecordFolderRef {
  const [type, id] = recordKey.split(':');
  if ((type !== 'partner' && type !== 'lead') || !/^[1-9][0-9]*$/.test(id ?? '')) {
    throw new Error(`not a record key: ${recordKey}`);
  }
  return { recordType: type, recordId: Number(id) };
}

export const engineFolderOf = (folder: RecordFolder): EngineRecordFolder => ({
  recordKey: recordKeyOf(folder),
  folderName: folder.name,
});

/** The record a remote folder name points at, if the actor sees it. */
export async function resolveFolderName(actor: Actor, folderName: string): Promise<RecordFolder | null> {
  const ref = parseRecordFolderName(folderName.normalize('NFC'));
  return ref ? findRecordFolderByRef(actor, ref) : null;
}

export async function recordFolderOf(actor: Actor, recordKey: string, tx?: Transaction): Promise<RecordFolder | null> {
  return findRecordFolderByRef(actor, refOfRecordKey(recordKey), tx);
}

/** The documents of the record folder itself (container 0), under their /dav/files/ names. */
export async function recordFolderDocuments(folder: RecordFolder, tx?: Transaction): Promise<CrmDocument[]> {
  const tree = await RecordTree.load(folder, tx);
  const documents: CrmDocument[] = [];
  for (const entry of tree.entries(0)) {
    if (entry.type !== 'document') continue;
    documents.push({
      id: String(entry.document.id),
      recordKey: recordKeyOf(folder),
      name: entry.name,
      contentType: entry.document.mediaType,
      contentHash: entry.document.sha256,
      revision: Number(entry.document.revision),
    });
  }
  return documents;
}
