import type { CrmDocument, DocumentLink } from './document-port';
import { sameVersionTag } from './file-hash';

/** A file as the record folder's listing names it (its name decoded from the href). */
export interface ListedFile {
  name: string;
  href: string;
  etag: string | null;
  size: number | null;
}

/** What the remote listing alone says about a linked file; `check` means download and compare the bytes. */
export type RemoteLook = 'absent' | 'unchanged' | 'check';

export type FolderStep =
  /** A file only the remote has: it lands on the record. */
  | { kind: 'pull-new'; file: ListedFile }
  /** A document only the CRM has: it appears in the folder. */
  | { kind: 'push-new'; document: CrmDocument }
  /** Both sides hold an unlinked file of the same name (a first sync, or both added one): the bytes decide. */
  | { kind: 'pair'; document: CrmDocument; file: ListedFile }
  | { kind: 'linked'; link: DocumentLink; document: CrmDocument | null; file: ListedFile | null; remote: RemoteLook };

/** Names compare as a file manager shows them: NFC (macOS sends decomposed umlauts). */
export const fileKey = (name: string): string => name.normalize('NFC');

/**
 * One record folder's listing against its links and CRM documents, by file name (hrefs differ in their percent-
 * encoding from server to server; the name does not). Pending creates are left out: the round finishes them first.
 * Pure.
 */
export function planFolder(files: ListedFile[], links: DocumentLink[], documents: CrmDocument[]): FolderStep[] {
  const fileByName = new Map(files.map((f) => [fileKey(f.name), f]));
  const documentById = new Map(documents.map((d) => [d.id, d]));
  const steps: FolderStep[] = [];
  const usedFiles = new Set<string>();
  const usedDocuments = new Set<string>();
  for (const link of links) {
    usedDocuments.add(link.documentId);
    usedFiles.add(fileKey(link.name));
    if (link.state === 'pending-create') continue;
    const file = fileByName.get(fileKey(link.name)) ?? null;
    steps.push({
      kind: 'linked',
      link,
      document: documentById.get(link.documentId) ?? null,
      file,
      remote: lookOf(link, file),
    });
  }
  const unlinkedDocuments = new Map<string, CrmDocument>();
  for (const document of documents) {
    if (!usedDocuments.has(document.id)) unlinkedDocuments.set(fileKey(document.name), document);
  }
  for (const [name, file] of fileByName) {
    if (usedFiles.has(name)) continue;
    const document = unlinkedDocuments.get(name);
    if (document) {
      unlinkedDocuments.delete(name);
      steps.push({ kind: 'pair', document, file });
    } else steps.push({ kind: 'pull-new', file });
  }
  for (const [name, document] of unlinkedDocuments) {
    // A name a linked file holds (a CRM document renamed onto it): pushing would hit that file; left for a person.
    if (!usedFiles.has(name)) steps.push({ kind: 'push-new', document });
  }
  return steps;
}

/** Listing metadata against the link: the same (weakly compared) ETag and size is the version last synced. */
export function lookOf(link: DocumentLink, file: ListedFile | null): RemoteLook {
  if (!file) return 'absent';
  if (!sameVersionTag(link.etag, file.etag)) return 'check';
  if (link.size !== null && file.size !== null && link.size !== file.size) return 'check';
  return 'unchanged';
}

/**
 * Deletions the folder's steps may make, per side whose deletion they mirror, counted from metadata before any
 * download so the guards (guards.ts: max(20, 10 %)) can stop the round before its first write. A linked file that
 * must be checked counts: it may turn out unchanged, and then its deletion goes through.
 */
export function deletionsOf(steps: FolderStep[]): { remote: number; crm: number } {
  const count = { remote: 0, crm: 0 };
  for (const step of steps) {
    if (step.kind !== 'linked') continue;
    if (step.remote === 'absent' && step.document && step.document.contentHash === step.link.contentHash) {
      count.remote++;
    } else if (!step.document && step.remote !== 'absent') count.crm++;
  }
  return count;
}

export type LinkedDecision =
  /** Both sides deleted it. */
  | { kind: 'forget' }
  /** Nothing to write; the link may need the listing's new ETag or href. */
  | { kind: 'in-step' }
  | { kind: 'delete-remote' }
  | { kind: 'delete-crm' }
  /** The remote's bytes go to the CRM document (or, `recreate`, to a new one: modify beats delete). */
  | { kind: 'pull'; recreate: boolean }
  /** The CRM's bytes go to the remote file (or, `recreate`, to a new file at the same name). */
  | { kind: 'push'; recreate: boolean }
  /** Changed on both sides to different bytes (item 15): keep both. */
  | { kind: 'conflict' };

/**
 * One linked file, from the hash last synced and each side's current hash (null: deleted). Modify beats delete; a
 * change is a different *hash*, never a different ETag or size alone; both sides changed to the same bytes is no
 * conflict. Pure.
 */
export function decideLinked(synced: string | null, crm: string | null, remote: string | null): LinkedDecision {
  if (crm === null && remote === null) return { kind: 'forget' };
  const crmChanged = crm !== null && crm !== synced;
  const remoteChanged = remote !== null && remote !== synced;
  if (crm === null) return remoteChanged ? { kind: 'pull', recreate: true } : { kind: 'delete-remote' };
  if (remote === null) return crmChanged ? { kind: 'push', recreate: true } : { kind: 'delete-crm' };
  if (crm === remote) return { kind: 'in-step' };
  if (crmChanged && remoteChanged) return { kind: 'conflict' };
  return crmChanged ? { kind: 'push', recreate: false } : { kind: 'pull', recreate: false };
}
