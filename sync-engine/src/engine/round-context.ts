import type { DecodedRecord, RecordCodec } from '../codecs/codec';
import type { RemoteItem, SyncProvider } from '../providers/provider';
import type { MergePolicy } from './merge-policy';
import type { CollectionState, CollectionStatus, Fence, RoundOutcome, StoragePort, TrippedGuard } from './storage-port';

export interface SideCounts {
  created: number;
  updated: number;
  deleted: number;
}

/** One line per round for the CLI and the account page. */
export interface RoundReport {
  collectionId: string;
  remote: SideCounts;
  crm: SideCounts;
  conflicts: number;
  review: number;
  errors: string[];
  status: CollectionStatus;
  lastError: string | null;
}

/** What one round of one claimed collection works with; lives only as long as the round. */
export interface RoundContext {
  port: StoragePort;
  provider: SyncProvider;
  codec: RecordCodec;
  policy: MergePolicy;
  state: CollectionState;
  fence: Fence;
  now: () => Date;
  newId: () => string;
  maxPreconditionRetries: number;
  crmPageSize: number;
  report: RoundReport;
  /** Extends the claim after each applied page, so a long first sync keeps its collection. */
  renewLease: () => Promise<void>;
  /** Deletions made this round, per side whose deletion they mirror, for the guards. */
  deletions: { remote: number; crm: number };
}

/** A remote item with its decoded content; null means the remote no longer has it. */
export type RemoteNow = { item: RemoteItem; decoded: DecodedRecord } | null;

/** The round stops before deleting: the account shows `message` until a person confirms `tripped`. */
export class GuardTrippedError extends Error {
  constructor(
    message: string,
    readonly tripped?: TrippedGuard,
  ) {
    super(message);
    this.name = 'GuardTrippedError';
  }
}

/** How a round ended when it threw: a tripped guard (with what it would have deleted) or a failure. */
export function outcomeOfError(err: Error): RoundOutcome {
  if (!(err instanceof GuardTrippedError)) return { status: 'failed', lastError: err.message };
  return { status: 'guard-tripped', lastError: err.message, ...(err.tripped ? { guard: err.tripped } : {}) };
}

export const mayWriteRemote = (ctx: RoundContext): boolean => ctx.state.direction !== 'to-crm';
export const mayWriteCrm = (ctx: RoundContext): boolean => ctx.state.direction !== 'from-crm';

export function emptyReport(collectionId: string): RoundReport {
  const side = (): SideCounts => ({ created: 0, updated: 0, deleted: 0 });
  return {
    collectionId,
    remote: side(),
    crm: side(),
    conflicts: 0,
    review: 0,
    errors: [],
    status: 'ok',
    lastError: null,
  };
}
