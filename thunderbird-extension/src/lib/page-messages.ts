import type { RecordRef } from '../../../core/src/api-types';
import { connectInBackground, createDavPassword } from './background-client';
import { resumeBatchAfterReconnect, runBatchFromPage } from './batch-actions';

/**
 * What the extension's pages (popup, batch window, options) ask the background to do: the things that must outlive
 * a page — pairing (the popup closes when the connect window takes focus) and filing a batch.
 */
export type PageMessage =
  | { type: 'connect' }
  | { type: 'runBatch'; targets: RecordRef[] }
  | { type: 'resumeBatch' }
  | { type: 'createDavPassword' };

export function handlePageMessage(message: unknown): Promise<unknown> | undefined {
  const m = message as PageMessage;
  switch (m?.type) {
    case 'connect':
      return connectInBackground();
    case 'runBatch':
      return runBatchFromPage(m.targets);
    case 'resumeBatch':
      return resumeBatchAfterReconnect();
    case 'createDavPassword':
      return createDavPassword();
    default:
      return undefined;
  }
}
