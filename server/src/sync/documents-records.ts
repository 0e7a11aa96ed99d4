import type { Transaction } from 'sequelize';
import type { CrmDocument, RecordFolder as EngineRecordFolder } from '@akte/sync-engine';
import type { Actor } from '../access/actor';
import { parseRecordFolderName, type RecordFolderRef } from '../dav/files/names';
import { findRecordFolderByRef, RecordTree, type RecordFolder } from '../dav/files/tree';
import { createFolder } from '../dav/files/writes';
import type { DomainContext } from '../domain/context';
import { documentNameProblem } from '../domain/documents/names';
import { RefusedError } from '../domain/errors';

/**
 * The CRM side of a document collection, read exactly as Akte's own `/dav/files/` serves it (dav/files/tree.ts):
 * a record folder per partner or open opportunity the owner sees, named `Partner 12 - Müller GmbH` (only the number
 * identifies the record), and its documents under the names /dav/files/ gives them (two documents of one name: the
 * later one as `name (<id>).ext`), each named by its path below the record folder: a document in the sub-folder
 * `Verträge` (dav_file_folders, a document's folder in dav_file_placements) is `Verträge/Angebot.pdf`.
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

/**
 * The documents of a record folder and all its sub-folders, under their /dav/files/ names, by path — those below
 * the engine's depth limit too: the engine syncs none of them, but must know a linked document moved down there is
 * not deleted (sync-engine out-of-reach.ts). The tree is the database's (a folder has one parent), so it has a bottom;
 * a folder met twice is not walked again all the same.
 */
export async function recordFolderDocuments(folder: RecordFolder, tx?: Transaction): Promise<CrmDocument[]> {
  const tree = await RecordTree.load(folder, tx);
  const documents: CrmDocument[] = [];
  const seen = new Set<number>();
  const visit = (container: number, prefix: string) => {
    for (const entry of tree.entries(container)) {
      if (entry.type === 'folder') {
        if (!seen.has(entry.folder.id)) {
          seen.add(entry.folder.id);
          visit(entry.folder.id, `${prefix}${entry.name}/`);
        }
        continue;
      }
      documents.push({
        id: String(entry.document.id),
        recordKey: recordKeyOf(folder),
        name: `${prefix}${entry.name}`,
        contentType: entry.document.mediaType,
        contentHash: entry.document.sha256,
        revision: Number(entry.document.revision),
      });
    }
  };
  visit(0, '');
  return documents;
}

/** A document path split into its sub-folders and its file name; null with the reason when a segment is no name. */
export function splitDocumentPath(path: string): { folders: string[]; name: string } | { problem: string } {
  const segments = path.split('/');
  for (const segment of segments) {
    const problem = documentNameProblem(segment);
    if (problem) return { problem: `${path}: ${problem}` };
  }
  return { folders: segments.slice(0, -1), name: segments[segments.length - 1] };
}

/**
 * The container (0: the record folder, else a dav_file_folders id) at a sub-folder path, made where missing, as an
 * MKCOL on /dav/files/ would (dav/files/writes.ts createFolder).
 */
export async function ensureContainer(ctx: DomainContext, folder: RecordFolder, path: string[]): Promise<number> {
  const tree = await RecordTree.load(folder, ctx.tx);
  let container = 0;
  let made = false;
  for (const segment of path) {
    const entry = made ? undefined : tree.find(container, segment);
    if (entry?.type === 'document') throw new RefusedError('name_taken', `${segment} is a document, not a folder`);
    if (entry?.type === 'folder') {
      container = entry.folder.id;
      continue;
    }
    container = (await createFolder(ctx, folder, container, segment)).id;
    made = true;
  }
  return container;
}
