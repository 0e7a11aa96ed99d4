import type { CrmDocument } from './document-port';
import type { FolderStep, ListedFile } from './plan-folder';

/** Sub-folders deeper than this are not synced (a link loop on a share would otherwise never end). */
export const MAX_SUBFOLDER_DEPTH = 8;

/** How many sub-folders a document's path crosses below its record folder (`Verträge/2026/a.pdf`: 2). */
export const folderDepthOf = (name: string): number => name.split('/').length - 1;

/** Why a file may be out of the sync's reach, for the round's report. */
export const OUT_OF_REACH = `deeper than ${MAX_SUBFOLDER_DEPTH} sub-folders or too long an href`;

export const inReach = (name: string): boolean => folderDepthOf(name) <= MAX_SUBFOLDER_DEPTH;

/** What one side holds of a record folder out of the sync's reach (below the depth limit, too long an href). */
export interface OutOfReach {
  /** Files on the share deeper than the limit (as far as the bounded listing went), or with too long an href. */
  remoteFiles: ListedFile[];
  /** The share's listing stopped at its bound with sub-folders still unread: there may be more files down there. */
  remoteUnlisted: boolean;
  /** CRM documents deeper than the limit, or whose href on the share would be too long. */
  crmDocuments: CrmDocument[];
}

/**
 * A linked file that left the synced tree is no deletion while it may still be down there: a document gone from
 * the CRM's synced tree whose id is among the CRM's out-of-reach documents (moved deeper), or a file gone from the
 * share's synced tree while the share holds files below the limit (WebDAV has no file id to tell which: any of them
 * may be it) keeps the other side's copy and its link. Such a step is marked `held`: not counted as a deletion,
 * reported and skipped every round until the file comes back up (then it is a rename) or the deep files go.
 * Deleting the other copy would lose the file for good: the one down there is never synced. Pure.
 */
export function holdOutOfReach(steps: FolderStep[], beyond: OutOfReach): FolderStep[] {
  const deepDocuments = new Set(beyond.crmDocuments.map((d) => d.id));
  const remoteMayHoldIt = beyond.remoteFiles.length > 0 || beyond.remoteUnlisted;
  return steps.map((step) => {
    if (step.kind !== 'linked') return step;
    if (!step.document && deepDocuments.has(step.link.documentId)) return { ...step, held: 'crm' };
    if (step.document && !step.file && remoteMayHoldIt) return { ...step, held: 'remote' };
    return step;
  });
}
