import { AkteApiClient } from '../../../core/src/api-client';
import type { RecordRef } from '../../../core/src/api-types';
import {
  BatchItem,
  BatchOutcome,
  BatchProgress,
  fileEach,
  mergeOutcomes,
} from '../../../core/src/filing-client/file-each';
import { rawContent } from './message-content';
import { loadConnection } from './storage';

/**
 * A batch — the selected messages or a conversation — filed on the same records by the background, so closing the
 * batch window does not stop it. The job lives in storage.local: progress for the window to show, and what is not
 * filed yet, so that after a revoked token (or a stopped background) "File the rest" continues exactly there.
 */
export const BATCH_KEY = 'akte.batch';

/**
 * Messages in flight at once: reading the next one from Thunderbird overlaps with an upload and the server's
 * parsing (bench:thunderbird: 1 → ~20, 2 → ~22 messages/s; 3 adds nothing on two cores). Two keep memory bounded
 * (messages are up to 50 MB) and leave the server room for other users.
 */
export const BATCH_CONCURRENCY = 2;
const PROGRESS_EVERY_MS = 250;

export interface BatchJob {
  kind: 'selection' | 'conversation';
  items: BatchItem[];
  /** Not filed yet: all items before the first run, then what a stopped run left. */
  pending: BatchItem[];
  targets: RecordRef[] | null;
  running: boolean;
  progress: BatchProgress | null;
  outcome: BatchOutcome | null;
  /** Per message, ms from taking it up to its upload starting (reading it from Thunderbird): the extension's own cost. */
  overheadMs: number[];
  elapsedMs: number;
}

export async function loadBatch(): Promise<BatchJob | null> {
  return ((await messenger.storage.local.get(BATCH_KEY))[BATCH_KEY] as BatchJob | undefined) ?? null;
}

async function saveBatch(job: BatchJob): Promise<void> {
  await messenger.storage.local.set({ [BATCH_KEY]: job });
}

/** A new batch replaces a finished one; it waits for its targets (chosen in the batch window). */
export async function startBatch(kind: BatchJob['kind'], items: BatchItem[]): Promise<BatchJob> {
  const job: BatchJob = {
    kind,
    items,
    pending: items,
    targets: null,
    running: false,
    progress: null,
    outcome: null,
    overheadMs: [],
    elapsedMs: 0,
  };
  await saveBatch(job);
  await messenger.windows.create({
    type: 'popup',
    url: messenger.runtime.getURL('batch/batch.html'),
    width: 560,
    height: 720,
  });
  return job;
}

/** Files what is pending on `targets` (or the job's targets when resuming). */
export async function runBatch(targets?: RecordRef[], concurrency = BATCH_CONCURRENCY): Promise<BatchJob> {
  const job = await loadBatch();
  if (!job) throw new Error('There is no batch to file');
  if (job.running) return job;
  const chosen = targets ?? job.targets;
  if (!chosen?.length) throw new Error('Choose a record first');
  const connection = await loadConnection();
  const api = new AkteApiClient({ baseUrl: connection?.serverUrl ?? '', token: connection?.token ?? null });
  Object.assign(job, { targets: chosen, running: true });
  await saveBatch(job);
  const started = new Map<string, number>();
  let savedAt = 0;
  const t0 = performance.now();
  const outcome = await fileEach(
    job.pending,
    {
      contentOf: (item) => {
        started.set(item.id, performance.now());
        return rawContent(Number(item.id));
      },
      onUploadStart: (item) => job.overheadMs.push(performance.now() - (started.get(item.id) ?? performance.now())),
      file: (email) => api.fileMessage(email, chosen),
      onProgress: (progress) => {
        job.progress = progress;
        // A few times a second is enough for the window to follow; a write per message would cost the main
        // thread the uploads run on. Not awaited: the next upload does not wait for the write.
        if (performance.now() - savedAt < PROGRESS_EVERY_MS) return;
        savedAt = performance.now();
        void saveBatch(job);
      },
    },
    concurrency,
  );
  Object.assign(job, {
    running: false,
    outcome: mergeOutcomes(job.outcome, outcome),
    pending: outcome.notFiled,
    elapsedMs: job.elapsedMs + (performance.now() - t0),
  });
  await saveBatch(job);
  return job;
}
