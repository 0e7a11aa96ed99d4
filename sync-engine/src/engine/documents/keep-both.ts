import { conflictCopyName } from '../../providers/webdav-folder/conflict-name';
import type { DownloadedFile } from '../../providers/folder-provider';
import type { CrmDocument, DocumentLink } from './document-port';
import { GENERIC_TYPE, hrefIn, mayWriteCrmDocuments, mayWriteRemoteFiles, type DocumentRound } from './document-round';
import { fileContentHash } from './file-hash';
import { fileKey } from './plan-folder';
import { finishRemoteFileCreate } from './remote-file-create';

/** One record folder while its steps run: the names taken on either side grow as conflict copies are made. */
export interface FolderInWork {
  recordKey: string;
  folderHref: string;
  documents: CrmDocument[];
  taken: Set<string>;
}

/**
 * Issue #11 item 15: a file changed on both sides (or a first sync finding two different files of one name).
 * Files are never merged and never overwritten unseen: the CRM keeps its version under the name, the remote's
 * version becomes a second document named by conflictCopyName (`Angebot (conflict 2026-12-06 23-09).pdf`) and is
 * pushed back as such, and then the CRM's version goes to the remote name with If-Match on the ETag of the version
 * just copied — so both sides end with both files.
 *
 * Crash safety: the copy (document + pending link, one transaction) is committed before the remote name is
 * overwritten. If the round dies in between, the next one finds the same conflict, sees that a document of the
 * record already holds the remote's bytes, and makes no second copy: it only finishes the overwrite.
 */
export async function keepBoth(
  round: DocumentRound,
  folder: FolderInWork,
  document: CrmDocument,
  remote: DownloadedFile,
  link: DocumentLink | null,
): Promise<void> {
  if (!mayWriteCrmDocuments(round) || !mayWriteRemoteFiles(round)) {
    round.report.errors.push(`${remote.href}: changed on both sides; kept as it is (one-way collection)`);
    return;
  }
  const remoteHash = fileContentHash(remote.body);
  round.report.conflicts++;
  if (!folder.documents.some((d) => d.contentHash === remoteHash)) {
    const name = conflictCopyName(document.name, round.now(), (candidate) => folder.taken.has(fileKey(candidate)));
    folder.taken.add(fileKey(name));
    const copy = await round.port.createDocument(
      round.fence,
      folder.recordKey,
      name,
      { contentType: remote.contentType ?? GENERIC_TYPE, body: remote.body },
      {
        collectionId: round.state.id,
        recordKey: folder.recordKey,
        href: hrefIn(folder.folderHref, name),
        name,
        etag: null,
        size: remote.body.length,
        contentHash: remoteHash,
        state: 'pending-create',
      },
    );
    folder.documents.push(copy);
    round.report.crm.created++;
    await finishRemoteFileCreate(round, linkOfCopy(round, folder, copy, remoteHash));
  }
  const current = await round.port.readDocument(round.state.id, document.id);
  if (!current) return;
  const outcome = await round.provider.updateFile(remote.href, current.body, current.contentType, remote.etag);
  if (outcome.kind !== 'updated') {
    // Changed again meanwhile (or Apache's one-second weak ETag): the next round sees a new conflict, and keeps it.
    round.report.errors.push(`${remote.href}: changed while resolving a conflict, next round`);
    return;
  }
  round.report.remote.updated++;
  await round.port.saveDocumentLink(round.fence, {
    collectionId: round.state.id,
    recordKey: folder.recordKey,
    documentId: current.id,
    href: remote.href,
    name: link?.name ?? document.name,
    etag: outcome.etag,
    size: current.body.length,
    contentHash: current.contentHash,
    documentRevision: current.revision,
    state: 'synced',
  });
}

function linkOfCopy(round: DocumentRound, folder: FolderInWork, copy: CrmDocument, hash: string): DocumentLink {
  return {
    collectionId: round.state.id,
    recordKey: folder.recordKey,
    documentId: copy.id,
    href: hrefIn(folder.folderHref, copy.name),
    name: copy.name,
    etag: null,
    size: null,
    contentHash: hash,
    documentRevision: copy.revision,
    state: 'pending-create',
  };
}
