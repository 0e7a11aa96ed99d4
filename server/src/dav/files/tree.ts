import { Op, Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { leadScope, partnerScope, within } from '../../access/policy';
import type { LinkedRecord } from '../../domain/history/linked-record';
import { DocumentRecord } from '../../domain/documents/model';
import { Lead } from '../../domain/leads/model';
import { Partner } from '../../domain/partners/model';
import { notFound } from '../errors';
import { DavFileFolder, DavFilePlacement } from './model';
import { assignDocumentNames, parseRecordFolderName, RecordFolderRef, recordFolderName } from './names';

/**
 * Reading the file tree: which record folders the actor sees (the access policy's partnerScope/leadScope, the same
 * rule as the REST API), and what lies inside one record's folder. A record's whole tree (its sub-folders,
 * documents and placements) is loaded at once: records hold tens of files, not millions, and one load answers any
 * path below the record without a query per segment.
 */
export interface RecordFolder extends LinkedRecord {
  /** The folder's name in listings (`Partner 12 - Müller GmbH`). */
  name: string;
  createdAt: Date;
  lastModified: Date;
}

function partnerFolder(partner: Partner): RecordFolder {
  return {
    recordType: 'partner',
    recordId: partner.id,
    partnerId: partner.id,
    name: recordFolderName('partner', partner.id, partner.name),
    createdAt: partner.createdAt,
    lastModified: partner.updatedAt,
  };
}

function leadFolder(lead: Lead): RecordFolder {
  return {
    recordType: 'lead',
    recordId: lead.id,
    partnerId: lead.partnerId ?? null,
    name: recordFolderName('lead', lead.id, lead.name),
    createdAt: lead.createdAt,
    lastModified: lead.updatedAt,
  };
}

const FOLDER_ATTRIBUTES = ['id', 'name', 'createdAt', 'updatedAt'];

/** The top level: a folder per visible partner (not archived) and per visible open opportunity. */
export async function listRecordFolders(actor: Actor): Promise<RecordFolder[]> {
  const [partners, leads] = await Promise.all([
    Partner.findAll({
      where: within(partnerScope(actor), { archived: false }),
      attributes: FOLDER_ATTRIBUTES,
      order: [['id', 'ASC']],
    }),
    Lead.findAll({
      where: within(leadScope(actor), { type: 'opportunity', active: true }),
      attributes: [...FOLDER_ATTRIBUTES, 'partnerId'],
      order: [['id', 'ASC']],
    }),
  ]);
  return [...partners.map(partnerFolder), ...leads.map(leadFolder)];
}

/** One record folder by its name, or null when the name is not a record's or the actor may not see it. */
export async function findRecordFolder(actor: Actor, segment: string, tx?: Transaction): Promise<RecordFolder | null> {
  const ref = parseRecordFolderName(segment);
  if (!ref) return null;
  return findRecordFolderByRef(actor, ref, tx);
}

export async function findRecordFolderByRef(
  actor: Actor,
  ref: RecordFolderRef,
  tx?: Transaction,
): Promise<RecordFolder | null> {
  if (ref.recordType === 'partner') {
    const partner = await Partner.findOne({
      where: within(partnerScope(actor), { id: ref.recordId }),
      attributes: FOLDER_ATTRIBUTES,
      transaction: tx,
    });
    return partner ? partnerFolder(partner) : null;
  }
  const lead = await Lead.findOne({
    where: within(leadScope(actor), { id: ref.recordId }),
    attributes: [...FOLDER_ATTRIBUTES, 'partnerId'],
    transaction: tx,
  });
  return lead ? leadFolder(lead) : null;
}

export type TreeEntry =
  | { type: 'folder'; name: string; folder: DavFileFolder }
  | { type: 'document'; name: string; document: DocumentRecord };

/** Everything inside one record's folder. Container 0 is the record folder itself; other containers are folder ids. */
export class RecordTree {
  private readonly byContainer = new Map<number, TreeEntry[]>();

  private constructor(
    readonly record: RecordFolder,
    readonly folders: DavFileFolder[],
    readonly documents: DocumentRecord[],
    placements: DavFilePlacement[],
  ) {
    const folderIds = new Set(folders.map((f) => f.id));
    const containerOf = new Map<number, number>();
    // A placement pointing at a folder that no longer exists leaves the document at the top, never lost.
    for (const p of placements) if (folderIds.has(p.folderId)) containerOf.set(p.documentId, p.folderId);
    const containers = new Set<number>([0, ...folderIds]);
    for (const container of containers) {
      const subfolders = folders.filter((f) => f.parentId === container);
      const docs = documents.filter((d) => (containerOf.get(d.id) ?? 0) === container);
      const names = assignDocumentNames(
        subfolders.map((f) => f.name),
        docs,
      );
      const entries: TreeEntry[] = [
        ...subfolders.map((folder): TreeEntry => ({ type: 'folder', name: folder.name, folder })),
        ...docs.map((document): TreeEntry => ({ type: 'document', name: names.get(document.id)!, document })),
      ];
      this.byContainer.set(container, entries);
    }
  }

  static async load(record: RecordFolder, tx?: Transaction): Promise<RecordTree> {
    const where = { recordType: record.recordType, recordId: record.recordId };
    const [folders, documents] = await Promise.all([
      DavFileFolder.findAll({ where, order: [['id', 'ASC']], transaction: tx }),
      DocumentRecord.findAll({ where, order: [['id', 'ASC']], transaction: tx }),
    ]);
    const placements = folders.length
      ? await DavFilePlacement.findAll({ where: { folderId: { [Op.in]: folders.map((f) => f.id) } }, transaction: tx })
      : [];
    return new RecordTree(record, folders, documents, placements);
  }

  entries(container: number): TreeEntry[] {
    return this.byContainer.get(container) ?? [];
  }

  find(container: number, name: string): TreeEntry | undefined {
    return this.entries(container).find((entry) => entry.name === name);
  }

  /** The container a folder path leads to, or null when a segment is missing or not a folder. */
  container(path: string[]): number | null {
    let container = 0;
    for (const name of path) {
      const entry = this.find(container, name);
      if (entry?.type !== 'folder') return null;
      container = entry.folder.id;
    }
    return container;
  }

  /** A folder and everything below it, deepest folders first (the order a recursive delete needs). */
  descendants(folderId: number): { folders: DavFileFolder[]; documents: DocumentRecord[] } {
    const folders: DavFileFolder[] = [];
    const documents: DocumentRecord[] = [];
    const visit = (id: number) => {
      for (const entry of this.entries(id)) {
        if (entry.type === 'folder') visit(entry.folder.id);
        else documents.push(entry.document);
      }
      const folder = this.folders.find((f) => f.id === id);
      if (folder) folders.push(folder);
    };
    visit(folderId);
    return { folders, documents };
  }
}

/** What a path below /dav/files/ points at. */
export type FileTarget =
  | { kind: 'root' }
  /** A top-level name that is no visible record: nothing can be created there. */
  | { kind: 'top-missing'; name: string }
  | { kind: 'record'; tree: RecordTree }
  | { kind: 'folder'; tree: RecordTree; folder: DavFileFolder; name: string }
  | { kind: 'document'; tree: RecordTree; container: number; document: DocumentRecord; name: string }
  /** The parent exists; `name` does not (PUT/MKCOL/COPY/MOVE may create it). */
  | { kind: 'missing'; tree: RecordTree; container: number; name: string }
  /** An intermediate folder is missing (RFC 4918 §9.3.1/§9.7.1: creating here is a 409). */
  | { kind: 'orphan'; tree: RecordTree };

export async function resolveTarget(actor: Actor, segments: string[], tx?: Transaction): Promise<FileTarget> {
  if (segments.length === 0) return { kind: 'root' };
  const record = await findRecordFolder(actor, segments[0], tx);
  if (!record) {
    // Below an unknown or invisible record nothing exists, whatever the method: 404, never a hint that it exists.
    if (segments.length > 1) throw notFound('No such record folder');
    return { kind: 'top-missing', name: segments[0] };
  }
  const tree = await RecordTree.load(record, tx);
  if (segments.length === 1) return { kind: 'record', tree };
  const container = tree.container(segments.slice(1, -1));
  if (container === null) return { kind: 'orphan', tree };
  const name = segments.at(-1)!;
  const entry = tree.find(container, name);
  if (!entry) return { kind: 'missing', tree, container, name };
  if (entry.type === 'folder') return { kind: 'folder', tree, folder: entry.folder, name };
  return { kind: 'document', tree, container, document: entry.document, name };
}

export function isCollection(target: FileTarget): boolean {
  return target.kind === 'root' || target.kind === 'record' || target.kind === 'folder';
}
