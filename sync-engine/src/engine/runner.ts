import { randomUUID } from 'node:crypto';
import type { RecordCodec } from '../codecs/codec';
import { codecFor } from '../codecs';
import type { RecordKind } from '../codecs/fields';
import type { SyncProvider } from '../providers/provider';
import { defaultMergePolicy, policyForDirection, withOverrides } from './merge-policy';
import { pullRemote } from './pull-remote';
import { pushCrm } from './push-crm';
import { emptyReport, outcomeOfError, type RoundContext, type RoundReport } from './round-context';
import { LeaseLostError, type RoundOutcome, type StoragePort } from './storage-port';
import { resumePendingCreates } from './sync-record';

export interface RunnerOptions {
  port: StoragePort;
  provider: SyncProvider;
  /** This worker's name in the lease. */
  owner: string;
  now?: () => Date;
  newId?: () => string;
  leaseMs?: number;
  crmPageSize?: number;
  maxPreconditionRetries?: number;
  codecFor?: (kind: RecordKind) => RecordCodec;
}

export const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * One round for one claimed collection: finish pending creates, pull the remote page by page, push the CRM's
 * changes, end the round with a status. Every CRM-side write carries the claim's fencing token. A guard that trips
 * ends the round before its deletions, with the reason as the collection's status; any other failure (network,
 * 5xx) ends it as `failed` and the next round starts over from the saved positions — every step is idempotent.
 * Returns null when nothing was claimed.
 */
export async function runRound(options: RunnerOptions, collectionId?: string): Promise<RoundReport | null> {
  const now = options.now ?? (() => new Date());
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const claim = await options.port.claimCollection(options.owner, now(), leaseMs, collectionId);
  if (!claim) return null;
  const codec = (options.codecFor ?? codecFor)(claim.state.kind);
  const ctx: RoundContext = {
    port: options.port,
    provider: options.provider,
    codec,
    policy: policyForDirection(
      claim.state.direction,
      withOverrides(defaultMergePolicy(codec.kind), claim.state.policy),
    ),
    state: claim.state,
    fence: claim.fence,
    now,
    newId: options.newId ?? randomUUID,
    maxPreconditionRetries: options.maxPreconditionRetries ?? 3,
    crmPageSize: options.crmPageSize ?? 200,
    report: emptyReport(claim.state.id),
    deletions: { remote: 0, crm: 0 },
    renewLease: () => options.port.renewLease(claim.fence, now(), leaseMs),
  };
  let outcome: RoundOutcome;
  try {
    await resumePendingCreates(ctx);
    await pullRemote(ctx);
    await pushCrm(ctx);
    outcome = { status: 'ok', lastError: ctx.report.errors.length ? ctx.report.errors.join('; ') : null };
  } catch (err) {
    // A lost lease means another worker owns the collection now: it must not even write a status.
    if (err instanceof LeaseLostError) throw err;
    outcome = outcomeOfError(err as Error);
  }
  const deleted = { remote: ctx.report.remote.deleted, crm: ctx.report.crm.deleted };
  await options.port.finishRound(ctx.fence, { ...outcome, deleted });
  return { ...ctx.report, ...outcome };
}
