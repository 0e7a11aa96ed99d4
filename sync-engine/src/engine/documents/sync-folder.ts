import type { DownloadedFile } from '../../providers/folder-provider';
import { DocumentRefusedError, type CrmDocument, type DocumentLink } from './document-port';
import { GENERIC_TYPE, hrefIn, mayWriteCrmDocuments, mayWriteRemoteFiles, type DocumentRound } from './document-round';
import { fileContentHash } from './file-hash';
import { keepBoth, type FolderInWork } from './keep-both';
import { decideLinked, fileKey, pairRenamedByHash, type FolderStep, type ListedFile, type Rename } from './plan-folder';
import { OUT_OF_REACH } from './out-of-reach';
import { createRemoteFile } from './remote-file-create';

/**
 * The I/O for one record folder's steps (plan-folder.ts decides). Remote writes are conditional (If-None-Match on
 * a create, If-Match on an update or delete); CRM writes carry the document's expected revision and commit the link
 * in the same transaction. A refused precondition on either side is reported and left for the next round, which
 * lists both sides afresh — nothing is written over a change the round has not seen.
 */
export async function syncFolder(round: DocumentRound, folder: FolderInWork, planned: FolderStep[]): Promise<void> {
  const downloads = new Downloads(round);
  const steps = await withRenamesByHash(round, planned, downloads);
  for (const step of steps) {
    if (step.kind === 'pull-new') await pullNewFile(round, folder, step.file, downloads);
    else if (step.kind === 'push-new') {
      if (mayWriteRemoteFiles(round)) await createRemoteFile(round, folder.folderHref, step.document, null);
    } else if (step.kind === 'pair') await pairFiles(round, folder, step.document, step.file);
    else await syncLinkedFile(round, folder, step, downloads);
  }
}

/** The round's downloads of one folder, so a file read to look for a rename is not fetched twice. */
class Downloads {
  private readonly files = new Map<string, DownloadedFile | null>();
  constructor(private readonly round: DocumentRound) {}
  async get(href: string): Promise<DownloadedFile | null> {
    if (!this.files.has(href)) this.files.set(href, await this.round.provider.download(href));
    return this.files.get(href)!;
  }
}

/**
 * A linked file gone from its name while new files appeared beside it: their bytes may be the gone file's (renamed
 * on a server whose ETag changes on MOVE). The new files are downloaded anyway to land in the CRM, so they are read
 * first and paired by hash (plan-folder.ts pairRenamedByHash) — a rename, not a deletion and a new document.
 */
async function withRenamesByHash(round: DocumentRound, steps: FolderStep[], downloads: Downloads) {
  const gone = steps.some((s) => s.kind === 'linked' && s.remote === 'absent' && s.document);
  const fresh = steps.filter((s) => s.kind === 'pull-new');
  if (!gone || !fresh.length || !mayWriteCrmDocuments(round)) return steps;
  const hashes = new Map<string, string>();
  for (const step of fresh) {
    const downloaded = await downloads.get(step.file.href);
    if (downloaded) hashes.set(step.file.href, fileContentHash(downloaded.body));
  }
  return pairRenamedByHash(steps, (href) => hashes.get(href));
}

type LinkedStep = Extract<FolderStep, { kind: 'linked' }>;

/**
 * Gives the other side a name one side changed: MOVE of the remote file (If-Match, Overwrite: F), or a rename of
 * the CRM document at its revision. The link follows in the same step, so a crash after the MOVE is found again
 * by the next round as a remote rename to the very name the CRM has. Null: refused, reported, left for the next
 * round. A side the direction does not let us write keeps its name.
 */
async function applyRename(
  round: DocumentRound,
  folder: FolderInWork,
  step: LinkedStep & { document: CrmDocument; file: ListedFile; rename: Rename },
): Promise<{ link: DocumentLink; document: CrmDocument; file: ListedFile } | null> {
  const { link, document, file, rename } = step;
  if (rename.side === 'remote') {
    if (!mayWriteRemoteFiles(round)) return { link, document, file };
    const to = hrefIn(folder.folderHref, rename.to);
    const outcome = await round.provider.moveFile(file.href, to, file.etag);
    if (outcome.kind !== 'moved') {
      round.report.errors.push(`${file.href}: changed, gone or its new name ${rename.to} taken; rename next round`);
      return null;
    }
    folder.taken.add(fileKey(rename.to));
    const moved = { ...file, href: to, name: rename.to };
    const next = { ...link, href: to, name: rename.to };
    await round.port.saveDocumentLink(round.fence, next);
    round.report.remote.updated++;
    return { link: next, document, file: moved };
  }
  if (!mayWriteCrmDocuments(round)) return { link, document, file };
  const { documentRevision: _old, ...rest } = { ...link, href: file.href, name: file.name };
  const renamed = await unlessRefused(round, file.href, () =>
    round.port.renameDocument(round.fence, document.id, document.revision, rename.to, rest),
  );
  if (renamed === 'refused') return null;
  if (!renamed) {
    round.report.errors.push(`${link.href}: the document changed while being renamed, next round`);
    return null;
  }
  round.report.crm.updated++;
  return { link: { ...rest, documentRevision: renamed.revision }, document: renamed, file };
}

const syncedLink = (
  round: DocumentRound,
  folder: FolderInWork,
  documentId: string,
  file: { href: string; name: string; etag: string | null; body: Uint8Array },
): Omit<DocumentLink, 'documentRevision'> => ({
  collectionId: round.state.id,
  recordKey: folder.recordKey,
  documentId,
  href: file.href,
  name: file.name,
  etag: file.etag,
  size: file.body.length,
  contentHash: fileContentHash(file.body),
  state: 'synced',
});

async function pullNewFile(
  round: DocumentRound,
  folder: FolderInWork,
  file: ListedFile,
  downloads: Downloads,
): Promise<void> {
  if (!mayWriteCrmDocuments(round)) return;
  const downloaded = await downloads.get(file.href);
  if (!downloaded) return;
  const { documentId: _none, ...link } = syncedLink(round, folder, '', { ...downloaded, name: file.name });
  const content = { contentType: downloaded.contentType ?? GENERIC_TYPE, body: downloaded.body };
  const created = await unlessRefused(round, file.href, () =>
    round.port.createDocument(round.fence, folder.recordKey, file.name, content, link),
  );
  if (created === 'refused') return;
  folder.documents.push(created);
  round.report.crm.created++;
}

/** A CRM write of one file the CRM may refuse (DocumentRefusedError): reported, and the round goes on. */
async function unlessRefused<T>(round: DocumentRound, href: string, write: () => Promise<T>): Promise<T | 'refused'> {
  try {
    return await write();
  } catch (err) {
    if (!(err instanceof DocumentRefusedError)) throw err;
    round.report.errors.push(`${href}: not taken into the CRM: ${err.message}`);
    return 'refused';
  }
}

/** An unlinked document and file of one name: the same bytes are adopted, different bytes are both kept. */
async function pairFiles(
  round: DocumentRound,
  folder: FolderInWork,
  document: CrmDocument,
  file: ListedFile,
): Promise<void> {
  const downloaded = await round.provider.download(file.href);
  if (!downloaded) return;
  if (fileContentHash(downloaded.body) !== document.contentHash) {
    return keepBoth(round, folder, document, downloaded, null);
  }
  await round.port.saveDocumentLink(round.fence, {
    ...syncedLink(round, folder, document.id, { ...downloaded, name: file.name }),
    documentRevision: document.revision,
  });
}

async function syncLinkedFile(
  round: DocumentRound,
  folder: FolderInWork,
  step: LinkedStep,
  downloads: Downloads,
): Promise<void> {
  const { port, provider, fence, report } = round;
  if (step.held) {
    const where = step.held === 'crm' ? 'in the CRM' : 'on the share, or deleted there';
    report.errors.push(`${step.link.href}: moved out of reach ${where} (${OUT_OF_REACH}); the other copy is kept`);
    return;
  }
  let { link, document, file } = step;
  const look = step.remote;
  if (step.rename && document && file) {
    const renamed = await applyRename(round, folder, { ...step, document, file, rename: step.rename });
    if (!renamed) return;
    ({ link, document, file } = renamed);
  }
  let downloaded: DownloadedFile | null = null;
  if (look === 'check') downloaded = await downloads.get(file!.href);
  const remoteHash = look === 'unchanged' ? link.contentHash : downloaded ? fileContentHash(downloaded.body) : null;
  const decision = decideLinked(link.contentHash, document?.contentHash ?? null, remoteHash);
  const etag = downloaded?.etag ?? file?.etag ?? null;
  switch (decision.kind) {
    case 'forget':
      return port.deleteDocumentLink(fence, round.state.id, link.documentId);
    case 'in-step': {
      const next: DocumentLink = {
        ...link,
        href: file!.href,
        name: file!.name,
        etag,
        size: downloaded?.body.length ?? file!.size ?? link.size,
        contentHash: document!.contentHash,
        documentRevision: document!.revision,
      };
      if (JSON.stringify(next) !== JSON.stringify(link)) await port.saveDocumentLink(fence, next);
      return;
    }
    case 'delete-remote': {
      if (mayWriteRemoteFiles(round)) {
        const outcome = await provider.deleteFile(file!.href, etag);
        if (outcome.kind === 'precondition-failed') {
          report.errors.push(`${file!.href}: changed while being deleted, next round`);
          return;
        }
        if (outcome.kind === 'deleted') report.remote.deleted++;
      }
      return port.deleteDocumentLink(fence, round.state.id, link.documentId);
    }
    case 'delete-crm': {
      if (!mayWriteCrmDocuments(round)) return port.deleteDocumentLink(fence, round.state.id, link.documentId);
      if (await port.deleteDocument(fence, document!.id, document!.revision)) report.crm.deleted++;
      else report.errors.push(`${link.href}: the document changed while being deleted, next round`);
      return;
    }
    case 'pull':
      return pullLinkedFile(round, folder, link, document, downloaded!, decision.recreate);
    case 'push':
      return pushLinkedFile(round, folder, link, document!, file, etag, decision.recreate);
    case 'conflict':
      return keepBoth(round, folder, document!, downloaded!, link);
  }
}

/** The remote's bytes to the CRM: a new version of the document, or (modify beats delete) a new document. */
async function pullLinkedFile(
  round: DocumentRound,
  folder: FolderInWork,
  link: DocumentLink,
  document: CrmDocument | null,
  downloaded: DownloadedFile,
  recreate: boolean,
): Promise<void> {
  if (!mayWriteCrmDocuments(round)) return;
  const content = {
    contentType: downloaded.contentType ?? document?.contentType ?? GENERIC_TYPE,
    body: downloaded.body,
  };
  const next = syncedLink(round, folder, link.documentId, { ...downloaded, name: link.name });
  if (recreate) {
    const { documentId: _gone, ...rest } = next;
    folder.documents.push(await round.port.createDocument(round.fence, folder.recordKey, link.name, content, rest));
    round.report.crm.created++;
    return;
  }
  if (await round.port.replaceDocument(round.fence, document!.id, document!.revision, content, next)) {
    round.report.crm.updated++;
  } else round.report.errors.push(`${link.href}: the document changed while being updated, next round`);
}

/** The CRM's bytes to the remote: If-Match on the version the link holds, or (modify beats delete) a new file. */
async function pushLinkedFile(
  round: DocumentRound,
  folder: FolderInWork,
  link: DocumentLink,
  document: CrmDocument,
  file: ListedFile | null,
  etag: string | null,
  recreate: boolean,
): Promise<void> {
  if (!mayWriteRemoteFiles(round)) return;
  if (recreate) return createRemoteFile(round, folder.folderHref, { ...document, name: link.name }, null);
  const current = await round.port.readDocument(round.state.id, document.id);
  if (!current) return;
  const outcome = await round.provider.updateFile(file!.href, current.body, current.contentType, etag);
  if (outcome.kind !== 'updated') {
    round.report.errors.push(`${file!.href}: changed while being updated, next round`);
    return;
  }
  round.report.remote.updated++;
  await round.port.saveDocumentLink(round.fence, {
    ...link,
    href: file!.href,
    etag: outcome.etag,
    size: current.body.length,
    contentHash: current.contentHash,
    documentRevision: current.revision,
    state: 'synced',
  });
}
