/**
 * Whether the task pane runs where it belongs: in Outlook, next to a mailbox. Opened any other way — as a page of its
 * own in a browser, in another Office application, or where Office.js could not be loaded — Office.onReady either
 * answers without a mailbox (outside Office it resolves with `host: null`,
 * https://learn.microsoft.com/javascript/api/office#office-office-onready-function(1)) or never answers at all, and
 * the pane would wait for a mailbox forever. This module names each case so the pane can say what it is instead.
 */
export type HostReadiness =
  | { kind: 'outlook' }
  /** Office.js did not load (offline, blocked by a proxy, page opened from disk): `Office` does not exist. */
  | { kind: 'noOfficeJs' }
  /** Office.js answered, but there is no Outlook mailbox: a plain browser (host null) or another Office app. */
  | { kind: 'notOutlook'; host: string | null }
  /** Office.onReady did not answer in time. */
  | { kind: 'noAnswer'; seconds: number };

/** The part of Office.js this module reads. */
export interface OfficeGlobal {
  onReady(): Promise<{ host: unknown; platform?: unknown }>;
  context?: { mailbox?: unknown } | null;
}

/** How long Office.onReady may take; Outlook answers within a second or two, even on a slow desktop. */
export const OFFICE_READY_TIMEOUT_MS = 10_000;

/** What Office.onReady's answer means for a pane that needs a mailbox. Pure. */
export function readinessOf(info: { host: unknown }, office: Pick<OfficeGlobal, 'context'>): HostReadiness {
  const host = info.host === null || info.host === undefined ? null : String(info.host);
  // Office.HostType.Outlook is "Outlook"; the mailbox check also covers a host that reports Outlook without one.
  const outlook = host?.toLowerCase() === 'outlook';
  if (outlook && office.context?.mailbox) return { kind: 'outlook' };
  // "Opened in Outlook; it needs Outlook" would help nobody: an Outlook without a mailbox is told like a browser.
  return { kind: 'notOutlook', host: outlook ? null : host };
}

/**
 * Waits for Office.onReady, at most `timeoutMs`, and tells where the pane is. Never rejects: a broken Office.js is
 * one more case to explain, not an exception that leaves the pane at its placeholder.
 */
export async function waitForOutlook(
  office: OfficeGlobal | undefined,
  timeoutMs = OFFICE_READY_TIMEOUT_MS,
): Promise<HostReadiness> {
  if (!office || typeof office.onReady !== 'function') return { kind: 'noOfficeJs' };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const noAnswer = new Promise<HostReadiness>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'noAnswer', seconds: Math.round(timeoutMs / 1000) }), timeoutMs);
  });
  const answered = Promise.resolve()
    .then(() => office.onReady())
    .then(
      (info) => readinessOf(info ?? { host: null }, office),
      (): HostReadiness => ({ kind: 'notOutlook', host: null }),
    );
  try {
    return await Promise.race([answered, noAnswer]);
  } finally {
    clearTimeout(timer);
  }
}
