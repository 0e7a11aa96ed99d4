import { fileContentHash } from './file-hash';
import type { CrmDocument, DocumentLink } from './document-port';
import { hrefIn, type DocumentRound } from './document-round';

/**
 * A CRM document the remote folder does not have yet. The href is chosen and the link committed as
 * `pending-create` *before* the PUT (If-None-Match: *, RFC 7232 §3.2): a crash between the remote create and the
 * link commit leaves the pending link, and the next round repeats the PUT at the same href and adopts what it
 * finds there instead of making a second file (issue #11 item 1, for files).
 */
export async function createRemoteFile(
  round: DocumentRound,
  folderHref: string,
  document: CrmDocument,
  size: number | null,
): Promise<void> {
  const pending: DocumentLink = {
    collectionId: round.state.id,
    recordKey: document.recordKey,
    documentId: document.id,
    href: hrefIn(folderHref, document.name),
    name: document.name,
    etag: null,
    size,
    contentHash: document.contentHash,
    documentRevision: document.revision,
    state: 'pending-create',
  };
  await round.port.saveDocumentLink(round.fence, pending);
  await finishRemoteFileCreate(round, pending);
}

/**
 * The PUT for a pending link. `exists` is our own earlier attempt when the bytes there are the document's; anything
 * else there is someone's file of the same name: the link is withdrawn and the next round finds a file and a
 * document of one name, unlinked, and keeps both (plan-folder.ts `pair`).
 */
export async function finishRemoteFileCreate(round: DocumentRound, pending: DocumentLink): Promise<void> {
  const { port, provider, fence } = round;
  const document = await port.readDocument(round.state.id, pending.documentId);
  if (!document) return withdrawRemoteFileCreate(round, pending);
  const outcome = await provider.createFile(pending.href, document.body, document.contentType);
  const synced: DocumentLink = {
    ...pending,
    size: document.body.length,
    contentHash: document.contentHash,
    documentRevision: document.revision,
    state: 'synced',
  };
  if (outcome.kind === 'created') {
    await port.saveDocumentLink(fence, { ...synced, etag: outcome.etag });
    round.report.remote.created++;
    return;
  }
  const there = await provider.download(pending.href);
  if (there && fileContentHash(there.body) === document.contentHash) {
    await port.saveDocumentLink(fence, { ...synced, etag: there.etag });
    return;
  }
  await port.deleteDocumentLink(fence, round.state.id, pending.documentId);
}

/** The document was deleted before its create finished: remove what an earlier attempt may have put there. */
async function withdrawRemoteFileCreate(round: DocumentRound, pending: DocumentLink): Promise<void> {
  const there = await round.provider.download(pending.href);
  if (there && fileContentHash(there.body) === pending.contentHash) {
    const outcome = await round.provider.deleteFile(pending.href, there.etag);
    if (outcome.kind === 'precondition-failed') {
      // Kept pending: dropping the link now would read the file as new and bring the deleted document back.
      round.report.errors.push(`${pending.href}: changed while being withdrawn, next round`);
      return;
    }
  }
  await round.port.deleteDocumentLink(round.fence, round.state.id, pending.documentId);
}

/** Round start: finish the creates a crashed round left pending. */
export async function resumeRemoteFileCreates(round: DocumentRound): Promise<void> {
  for (const pending of await round.port.pendingDocumentCreates(round.state.id)) {
    await finishRemoteFileCreate(round, pending);
  }
}
