import type { RecordRef } from '../../../core/src/api-types';
import { BatchJob, loadBatch, runBatch } from './batch';

/** The batch window's buttons, run by the background (pages may close mid-run). */
export async function runBatchFromPage(targets: RecordRef[], concurrency?: number): Promise<BatchJob> {
  return runBatch(targets, concurrency);
}

/** After reconnecting: file what the stopped run left, on the same records. */
export async function resumeBatchAfterReconnect(): Promise<BatchJob | null> {
  const job = await loadBatch();
  if (!job?.pending.length || !job.targets) return job;
  return runBatch();
}
