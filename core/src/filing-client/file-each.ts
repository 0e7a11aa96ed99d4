import { ApiError, NetworkError, ReconnectRequiredError } from '../api-client';
import type { EmailPayload, FileResult } from '../api-types';
import type { Notice } from './state';

/**
 * Filing several messages on the same records, one after the other (each can be up to 50 MB, and the server parses
 * each): the flow both mail clients run for a multi-selection, a conversation or the sent mail of a session. A
 * failure of one message is counted and the next one goes on; a rejected token or an unreachable server stops the
 * run, because every further request would fail the same way — what was not tried yet is kept in `notFiled`, so the
 * client can say so and resume exactly there after reconnecting.
 */
export interface BatchItem {
  /** The client's id of the message (Outlook item id, Thunderbird message id as a string). */
  id: string;
  subject: string;
}

export interface BatchOutcome {
  /** Stored or newly linked by this run. */
  filed: BatchItem[];
  /** On every target already: the server changed nothing. */
  alreadyFiled: BatchItem[];
  failed: Array<BatchItem & { reason: string }>;
  /** Not tried (or interrupted) because the run stopped. */
  notFiled: BatchItem[];
  stoppedBy: 'reconnect' | 'offline' | null;
}

export interface BatchProgress {
  done: number;
  failed: number;
  total: number;
}

export interface FileEachDeps {
  contentOf(item: BatchItem): Promise<EmailPayload>;
  file(email: EmailPayload): Promise<FileResult>;
  onProgress?(progress: BatchProgress): void;
  /** Called once per message right before its upload starts (the extension's overhead is measured up to here). */
  onUploadStart?(item: BatchItem): void;
}

/** Pure: nothing linked anew means the message was on every target already. */
export function wasAlreadyFiled(result: FileResult): boolean {
  return !result.linked.length && result.alreadyLinked.length > 0 && !result.created;
}

export async function fileEach(
  items: readonly BatchItem[],
  deps: FileEachDeps,
  /** Messages in flight at once: 1 keeps the order strict (Outlook loads one item at a time). */
  concurrency = 1,
): Promise<BatchOutcome> {
  const results = new Map<number, 'filed' | 'already' | { reason: string }>();
  const progress: BatchProgress = { done: 0, failed: 0, total: items.length };
  let stoppedBy: BatchOutcome['stoppedBy'] = null;
  let next = 0;
  deps.onProgress?.({ ...progress });
  const worker = async () => {
    while (!stoppedBy && next < items.length) {
      const index = next++;
      const item = items[index];
      try {
        const email = await deps.contentOf(item);
        if (stoppedBy) return;
        deps.onUploadStart?.(item);
        const result = await deps.file(email);
        results.set(index, wasAlreadyFiled(result) ? 'already' : 'filed');
        progress.done++;
      } catch (err) {
        const stop = stopReason(err);
        if (stop) {
          stoppedBy ??= stop;
          return;
        }
        const reason = err instanceof ApiError || err instanceof Error ? err.message : String(err);
        results.set(index, { reason });
        progress.failed++;
      }
      deps.onProgress?.({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  // In the order of the items, whatever order the uploads finished in.
  const outcome: BatchOutcome = { filed: [], alreadyFiled: [], failed: [], notFiled: [], stoppedBy };
  items.forEach((item, index) => {
    const result = results.get(index);
    if (result === 'filed') outcome.filed.push(item);
    else if (result === 'already') outcome.alreadyFiled.push(item);
    else if (result) outcome.failed.push({ ...item, reason: result.reason });
    else outcome.notFiled.push(item);
  });
  return outcome;
}

function stopReason(err: unknown): BatchOutcome['stoppedBy'] {
  if (err instanceof ReconnectRequiredError) return 'reconnect';
  if (err instanceof NetworkError) return 'offline';
  return null;
}

/** Pure: the one-line notice both clients show when a run ends. */
export function batchNotice(outcome: BatchOutcome): Notice {
  const done = outcome.filed.length + outcome.alreadyFiled.length;
  const total = done + outcome.failed.length + outcome.notFiled.length;
  if (outcome.stoppedBy) {
    return {
      tone: 'error',
      key: outcome.stoppedBy === 'reconnect' ? 'filingStoppedReconnect' : 'filingStoppedOffline',
      params: { done, notFiled: outcome.notFiled.length + outcome.failed.length },
    };
  }
  if (outcome.failed.length)
    return { tone: 'error', key: 'filingFailedCount', params: { failed: outcome.failed.length } };
  return { tone: 'success', key: 'filingProgress', params: { done, total } };
}

/** Pure: a resumed run continues an earlier one — what either filed counts, what is left is the later run's. */
export function mergeOutcomes(earlier: BatchOutcome | null, later: BatchOutcome): BatchOutcome {
  if (!earlier) return later;
  return {
    filed: [...earlier.filed, ...later.filed],
    alreadyFiled: [...earlier.alreadyFiled, ...later.alreadyFiled],
    failed: [...earlier.failed, ...later.failed],
    notFiled: later.notFiled,
    stoppedBy: later.stoppedBy,
  };
}
