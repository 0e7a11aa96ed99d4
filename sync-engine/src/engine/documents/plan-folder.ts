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
  | {
      kind: 'linked';
      link: DocumentLink;
      document: CrmDocument | null;
      file: ListedFile | null;
      remote: RemoteLook;
      /** Renamed on one side (or both: the CRM's name wins): give the other side the name `to` first. */
      rename?: Rename;
      /**
       * Gone from one side's synced tree, but maybe only moved below the depth limit there (out-of-reach.ts): the
       * other side's copy is kept, the step reported, unless a rename (pairRenamedByHash) finds the file after all.
       */
      held?: 'remote' | 'crm';
    };

/**
 * `crm`: the remote file was renamed or moved, so the CRM document takes its name; `remote`: the CRM document was
 * renamed, so the remote file is moved (MOVE, never delete + create: the file keeps its identity and history).
 */
export interface Rename {
  side: 'crm' | 'remote';
  to: string;
}

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
  }
  const unlinkedDocuments = new Map<string, CrmDocument>();
  for (const document of documents) {
    if (!usedDocuments.has(document.id)) unlinkedDocuments.set(fileKey(document.name), document);
  }
  const moved = renamedOnRemote(
    links.filter((l) => l.state !== 'pending-create' && !fileByName.has(fileKey(l.name))),
    files.filter((f) => !usedFiles.has(fileKey(f.name)) && !unlinkedDocuments.has(fileKey(f.name))),
  );
  for (const file of moved.values()) usedFiles.add(fileKey(file.name));
  for (const link of links) {
    if (link.state === 'pending-create') continue;
    const renamedFile = moved.get(link.documentId);
    const file = renamedFile ?? fileByName.get(fileKey(link.name)) ?? null;
    const document = documentById.get(link.documentId) ?? null;
    const step: FolderStep = { kind: 'linked', link, document, file, remote: lookOf(link, file) };
    const rename = renameOf(link, document, file, (name) => fileByName.has(name) || unlinkedDocuments.has(name));
    if (rename) step.rename = rename;
    steps.push(step);
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

/**
 * Files renamed or moved on the remote, found by metadata: a linked file gone from its name and exactly one new
 * file carrying its ETag (compared weakly) and size — WebDAV has no stable file id, but a rename keeps the bytes,
 * and Apache's ETag (size + mtime) and Nextcloud's survive a MOVE. A file whose ETag changed with the move is found
 * by its bytes instead, once downloaded (`pairRenamedByHash`). Ambiguous candidates match nothing.
 */
function renamedOnRemote(gone: DocumentLink[], fresh: ListedFile[]): Map<string, ListedFile> {
  const byVersion = (link: DocumentLink) =>
    fresh.filter((f) => link.etag !== null && sameVersionTag(link.etag, f.etag) && link.size === f.size);
  const moved = new Map<string, ListedFile>();
  for (const link of gone) {
    const [file, second] = byVersion(link);
    if (!file || second) continue;
    if (gone.filter((other) => byVersion(other).includes(file)).length > 1) continue;
    moved.set(link.documentId, file);
  }
  return moved;
}

/**
 * Which side a linked document's name must go to. A CRM rename moves the remote file unless another file or
 * unlinked document already holds the new name (then nothing is renamed: no overwrite, nothing guessed); a remote
 * rename (the step's file found under another name) renames the CRM document; both renamed: the CRM's name wins.
 */
function renameOf(
  link: DocumentLink,
  document: CrmDocument | null,
  file: ListedFile | null,
  taken: (key: string) => boolean,
): Rename | null {
  if (!document || !file) return null;
  const remoteName = fileKey(file.name);
  const crmName = fileKey(document.name);
  if (crmName === remoteName) return null;
  if (crmName !== fileKey(link.name)) return taken(crmName) ? null : { side: 'remote', to: document.name };
  return { side: 'crm', to: file.name };
}

/**
 * The rename a download revealed: new files whose bytes are those of a linked file gone from its name (hash
 * `contentHash` of the link, the CRM document unchanged since), for servers whose ETag changes on MOVE. Each new
 * file pairs with at most one link and the other way round; returns the steps with those pairs joined. Pure.
 */
export function pairRenamedByHash(steps: FolderStep[], hashOf: (href: string) => string | undefined): FolderStep[] {
  const fresh = steps.filter((s): s is Extract<FolderStep, { kind: 'pull-new' }> => s.kind === 'pull-new');
  const paired = new Set<string>();
  const joined: FolderStep[] = [];
  for (const step of steps) {
    if (step.kind === 'pull-new') continue;
    if (step.kind !== 'linked' || step.remote !== 'absent' || !step.document) {
      joined.push(step);
      continue;
    }
    const { link, document } = step;
    const matches = fresh.filter(
      (f) => !paired.has(f.file.href) && link.contentHash !== null && hashOf(f.file.href) === link.contentHash,
    );
    if (matches.length !== 1 || document.contentHash !== link.contentHash) {
      joined.push(step);
      continue;
    }
    const { file } = matches[0];
    paired.add(file.href);
    const { held: _found, ...found } = step;
    // Both sides may already agree (a crash after our own MOVE): then only the link follows.
    const rename = renameOf(link, document, file, () => false);
    joined.push(rename ? { ...found, file, remote: 'check', rename } : { ...found, file, remote: 'check' });
  }
  return [...joined, ...fresh.filter((f) => !paired.has(f.file.href))];
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
    if (step.kind !== 'linked' || step.held) continue;
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
