import type { FolderProvider } from '../../providers/folder-provider';
import type { RoundReport } from '../round-context';
import type { Fence } from '../storage-port';
import type { DocumentCollectionState, DocumentStoragePort } from './document-port';

/** What one document round of one claimed collection works with; lives only as long as the round. */
export interface DocumentRound {
  port: DocumentStoragePort;
  provider: FolderProvider;
  state: DocumentCollectionState;
  fence: Fence;
  now: () => Date;
  report: RoundReport;
  renewLease: () => Promise<void>;
}

export const mayWriteRemoteFiles = (round: DocumentRound): boolean => round.state.direction !== 'to-crm';
export const mayWriteCrmDocuments = (round: DocumentRound): boolean => round.state.direction !== 'from-crm';

/** The last path segment of an href, decoded: a file's or folder's name. */
export function nameOfHref(href: string): string {
  const segment = href.replace(/\/$/, '').split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment).normalize('NFC');
  } catch {
    return segment;
  }
}

/**
 * The href of `name` inside a folder href (ending in `/`): one encoded segment per `/`-separated part, as a
 * document in a sub-folder is named by its path (`Verträge/Angebot.pdf`).
 */
export const hrefIn = (folderHref: string, name: string): string =>
  `${folderHref}${name.split('/').map(encodeURIComponent).join('/')}`;

/** The media type of a file the remote sent without one (the CRM side may refine it by extension). */
export const GENERIC_TYPE = 'application/octet-stream';
