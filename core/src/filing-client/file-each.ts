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

export async function fileEach(items: readonly BatchItem[], deps: FileEachDeps): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { filed: [], alreadyFiled: [], failed: [], notFiled: [], stoppedBy: null };
  const progress: BatchProgress = { done: 0, failed: 0, total: items.length };
  deps.onProgress?.({ ...progress });
  for (const [index, item] of items.entries()) {
    try {
      const email = await deps.contentOf(item);
      deps.onUploadStart?.(item);
      const result = await deps.file(email);
      (wasAlreadyFiled(result) ? outcome.alreadyFiled : outcome.filed).push(item);
      progress.done++;
    } catch (err) {
      const stop = stopReason(err);
      if (stop) {
        outcome.stoppedBy = stop;
        outcome.notFiled = items.slice(index);
        break;
      }
      outcome.failed.push({
        ...item,
        reason: err instanceof ApiError || err instanceof Error ? err.message : String(err),
      });
      progress.failed++;
    }
    deps.onProgress?.({ ...progress });
  }
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
