import type { FileResult, LeadListItem, LookupResult, PartnerSearchHit } from '../api-types';
import type { StringKey } from './i18n';
import type { AttachmentInfo, MailItem, SelectedMail } from './host';

/**
 * The task pane's states. Pure: `next(state, event)` decides every transition, the controller only performs I/O
 * and feeds the outcomes in. `notConnected` = no token yet; `reconnect` = the server rejected the stored token
 * (revoked or unknown) — a different message and button, since the user did connect before.
 */
export type Notice = { tone: 'success' | 'error' | 'info'; key: StringKey; params?: Record<string, string | number> };

export interface SearchState {
  query: string;
  busy: boolean;
  partners: PartnerSearchHit[];
  leads: LeadListItem[];
}

export interface Progress {
  done: number;
  failed: number;
  total: number;
}

export interface ReadyState {
  kind: 'ready';
  item: MailItem | null;
  lookup: LookupResult | null;
  /** Selected target keys ("lead:12"). */
  selected: string[];
  search: SearchState;
  /** Several messages are selected (multi-select, Mailbox 1.13). */
  selection: SelectedMail[];
  /** The open message's attachments, and the names the user unticked (left out when filing). */
  attachments: AttachmentInfo[];
  skippedAttachments: string[];
  busy: boolean;
  progress: Progress | null;
  notice: Notice | null;
}

export type PaneState =
  | { kind: 'loading' }
  | { kind: 'notConnected'; notice: Notice | null }
  | { kind: 'reconnect'; notice: Notice | null }
  | { kind: 'empty'; reason: 'noItem' | 'neverLog' }
  | { kind: 'error'; key: StringKey; detail: string | null }
  | ReadyState;

export type PaneEvent =
  | { type: 'load' }
  | { type: 'noToken'; notice?: Notice }
  | { type: 'tokenRejected'; notice?: Notice }
  | { type: 'noItem' }
  | {
      type: 'lookedUp';
      item: MailItem;
      lookup: LookupResult;
      selection: SelectedMail[];
      attachments?: AttachmentInfo[];
    }
  | { type: 'multiSelected'; selection: SelectedMail[] }
  | { type: 'failed'; key: StringKey; detail?: string }
  | { type: 'toggleTarget'; key: string }
  | { type: 'toggleAttachment'; name: string }
  | { type: 'searchStarted'; query: string }
  | { type: 'searchResults'; query: string; partners: PartnerSearchHit[]; leads: LeadListItem[] }
  | { type: 'busy' }
  | { type: 'progress'; progress: Progress }
  | { type: 'filed'; result: FileResult }
  | { type: 'done'; notice: Notice | null };

const emptySearch: SearchState = { query: '', busy: false, partners: [], leads: [] };

function ready(
  item: MailItem | null,
  lookup: LookupResult | null,
  selection: SelectedMail[],
  attachments: AttachmentInfo[] = [],
): ReadyState {
  // Records the thread is filed on are preselected: a reply usually belongs where its thread is.
  const selected = lookup?.suggested.map((r) => `${r.recordType}:${r.recordId}`) ?? [];
  return {
    kind: 'ready',
    item,
    lookup,
    selected,
    search: emptySearch,
    selection,
    attachments,
    skippedAttachments: [],
    busy: false,
    progress: null,
    notice: null,
  };
}

/** The new "filed" list after a filing: what was linked now or was already linked joins the badges. */
function withFiled(lookup: LookupResult | null, result: FileResult): LookupResult | null {
  if (!lookup) return lookup;
  const known = new Set(lookup.filed.map((r) => `${r.recordType}:${r.recordId}`));
  const added = [...result.linked, ...result.alreadyLinked].filter((r) => !known.has(`${r.recordType}:${r.recordId}`));
  const filedKeys = new Set([...known, ...added.map((r) => `${r.recordType}:${r.recordId}`)]);
  return {
    ...lookup,
    filed: [...lookup.filed, ...added],
    suggested: lookup.suggested.filter((r) => !filedKeys.has(`${r.recordType}:${r.recordId}`)),
  };
}

export function next(state: PaneState, event: PaneEvent): PaneState {
  switch (event.type) {
    case 'load':
      return { kind: 'loading' };
    case 'noToken':
      return { kind: 'notConnected', notice: event.notice ?? null };
    case 'tokenRejected':
      return { kind: 'reconnect', notice: event.notice ?? null };
    case 'noItem':
      return { kind: 'empty', reason: 'noItem' };
    case 'failed':
      return { kind: 'error', key: event.key, detail: event.detail ?? null };
    case 'lookedUp':
      if (event.lookup.neverLog && event.selection.length < 2) return { kind: 'empty', reason: 'neverLog' };
      return ready(event.item, event.lookup, event.selection, event.attachments ?? []);
    case 'multiSelected':
      return state.kind === 'ready' ? { ...state, selection: event.selection } : ready(null, null, event.selection);
  }
  if (state.kind !== 'ready') return state;
  switch (event.type) {
    case 'toggleTarget':
      return {
        ...state,
        selected: state.selected.includes(event.key)
          ? state.selected.filter((k) => k !== event.key)
          : [...state.selected, event.key],
      };
    case 'toggleAttachment':
      return {
        ...state,
        skippedAttachments: state.skippedAttachments.includes(event.name)
          ? state.skippedAttachments.filter((n) => n !== event.name)
          : [...state.skippedAttachments, event.name],
      };
    case 'searchStarted':
      return { ...state, search: { ...state.search, query: event.query, busy: event.query !== '' } };
    case 'searchResults':
      // A slower answer to an older query must not overwrite the newer one.
      if (event.query !== state.search.query) return state;
      return { ...state, search: { query: event.query, busy: false, partners: event.partners, leads: event.leads } };
    case 'busy':
      return { ...state, busy: true, notice: null, progress: null };
    case 'progress':
      return { ...state, progress: event.progress };
    case 'filed':
      return { ...state, lookup: withFiled(state.lookup, event.result), selected: [] };
    case 'done':
      return { ...state, busy: false, notice: event.notice };
  }
  return state;
}
