import type { FolderProvider } from '../../providers/folder-provider';
import { checkDeletions, confirmedFor } from '../guards';
import { DEFAULT_LEASE_MS } from '../runner';
import { emptyReport, GuardTrippedError, outcomeOfError, type RoundReport } from '../round-context';
import { LeaseLostError, type RoundOutcome } from '../storage-port';
import type { CrmDocument, DocumentStoragePort } from './document-port';
import type { FolderInWork } from './keep-both';
import { listRecordFolders, type ListedRecordFolder } from './list-record-folders';
import { hrefIn, type DocumentRound } from './document-round';
import { holdOutOfReach, inReach, MAX_SUBFOLDER_DEPTH, type OutOfReach } from './out-of-reach';
import { deletionsOf, fileKey, planFolder, type FolderStep, type ListedFile } from './plan-folder';
import { resumeRemoteFileCreates } from './remote-file-create';
import { syncFolder } from './sync-folder';

export interface DocumentRunnerOptions {
  port: DocumentStoragePort;
  provider: FolderProvider;
  owner: string;
  now?: () => Date;
  leaseMs?: number;
}

/**
 * One document round for one claimed collection (a remote folder of record folders ↔ the CRM records' documents):
 * finish pending creates, list the whole remote tree and plan every record folder against its links and CRM
 * documents, check the deletion guards on the whole plan, then carry it out folder by folder. Listing and guards
 * come before the first write, so a partial listing (any folder that does not answer) or too many deletions end the
 * round with nothing deleted. Every step is idempotent (links carry the content hash), so a crash anywhere is
 * finished by the next round. Returns null when nothing was claimed.
 */
export async function runDocumentRound(
  options: DocumentRunnerOptions,
  collectionId?: string,
): Promise<RoundReport | null> {
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const claim = await options.port.claimDocumentCollection(options.owner, now(), leaseMs, collectionId);
  if (!claim) return null;
  const round: DocumentRound = {
    port: options.port,
    provider: options.provider,
    state: claim.state,
    fence: claim.fence,
    now,
    report: emptyReport(claim.state.id),
    renewLease: () => options.port.renewLease(claim.fence, now(), leaseMs),
  };
  let outcome: RoundOutcome;
  try {
    await resumeRemoteFileCreates(round);
    const linkCount = await round.port.documentLinkCount(round.state.id);
    // A first sync may find the share's top folder missing: make it (an existing one answers 405, RFC 4918 §9.3.1).
    if (linkCount === 0) await round.provider.ensureFolder(round.state.remote.href);
    const plans = await planRound(round, linkCount);
    for (const { folder, steps } of plans) {
      await syncFolder(round, folder, steps);
      await round.renewLease();
    }
    outcome = { status: 'ok', lastError: round.report.errors.length ? round.report.errors.join('; ') : null };
  } catch (err) {
    if (err instanceof LeaseLostError) throw err;
    outcome = outcomeOfError(err as Error);
  }
  const deleted = { remote: round.report.remote.deleted, crm: round.report.crm.deleted };
  await options.port.finishRound(round.fence, { ...outcome, deleted });
  return { ...round.report, ...outcome };
}

async function planRound(
  round: DocumentRound,
  linkCount: number,
): Promise<Array<{ folder: FolderInWork; steps: FolderStep[] }>> {
  const { port, state } = round;
  const listing = await listRecordFolders(round);
  const plans: Array<{ folder: FolderInWork; steps: FolderStep[] }> = [];
  const deletions = { remote: 0, crm: 0 };
  for (const listed of listing.folders) {
    const { recordKey } = listed.record;
    const [links, everyDocument] = await Promise.all([
      port.documentLinksOf(state.id, recordKey),
      port.documentsOf(state.id, recordKey),
    ]);
    const reach = splitByReach(round, listed, everyDocument);
    const steps = holdOutOfReach(planFolder(reach.files, links, reach.documents), reach.beyond);
    const { documents } = reach;
    const counted = deletionsOf(steps);
    deletions.remote += counted.remote;
    deletions.crm += counted.crm;
    const taken = new Set([...listed.files.map((f) => fileKey(f.name)), ...documents.map((d) => fileKey(d.name))]);
    plans.push({ folder: { recordKey, folderHref: listed.folderHref, documents, taken }, steps });
  }
  for (const side of ['remote', 'crm'] as const) {
    const verdict = checkDeletions({
      side,
      linkCount,
      deletions: deletions[side],
      sideEmpty: side === 'remote' && listing.remoteEmpty,
      confirmed: confirmedFor(state, side),
    });
    if (!verdict.ok) throw new GuardTrippedError(verdict.reason, { side, deletions: deletions[side] });
  }
  return plans;
}

/**
 * What of one record folder the round syncs, and what it only reports (out-of-reach.ts): files and documents
 * deeper than MAX_SUBFOLDER_DEPTH, and those whose href is longer than the storage's links hold (`linkHrefLimit`:
 * a path of 8 long folder names, percent-encoded, is longer than any index can take) — as the remote names the
 * file, or as the document would be named there. Each is reported; the round goes on.
 */
function splitByReach(
  round: DocumentRound,
  listed: ListedRecordFolder,
  everyDocument: CrmDocument[],
): { files: ListedFile[]; documents: CrmDocument[]; beyond: OutOfReach } {
  const { errors } = round.report;
  const limit = round.port.linkHrefLimit ?? Infinity;
  const tooDeep = `deeper than ${MAX_SUBFOLDER_DEPTH} sub-folders, not synced`;
  const tooLong = `its href is longer than ${limit} characters, not synced`;
  const files = listed.files.filter((f) => f.href.length <= limit);
  const remoteFiles = [...listed.deepFiles, ...listed.files.filter((f) => f.href.length > limit)];
  for (const file of listed.deepFiles) errors.push(`${file.href}: ${tooDeep}`);
  for (const file of listed.files) if (file.href.length > limit) errors.push(`${file.href}: ${tooLong}`);
  const documents: CrmDocument[] = [];
  const crmDocuments: CrmDocument[] = [];
  for (const document of everyDocument) {
    const where = `${listed.record.folderName}/${document.name} (CRM)`;
    if (!inReach(document.name)) errors.push(`${where}: ${tooDeep}`);
    else if (hrefIn(listed.folderHref, document.name).length > limit) errors.push(`${where}: ${tooLong}`);
    else {
      documents.push(document);
      continue;
    }
    crmDocuments.push(document);
  }
  return { files, documents, beyond: { remoteFiles, remoteUnlisted: listed.deepUnlisted, crmDocuments } };
}
