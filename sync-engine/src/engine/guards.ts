/**
 * The brakes of issue #11: a sync that would delete many records at once is far more often a broken server, a
 * wrong URL, an expired share or a half-read listing than a user's intent (TbSync and Outlook importers have wiped
 * address books that way). Above max(20, 10 % of the links), or when a side turns up empty while links exist, the
 * round is aborted before it deletes anything and the account shows the reason until a person confirms.
 */
export const MIN_DELETION_LIMIT = 20;
export const DELETION_SHARE = 0.1;

export function deletionLimit(linkCount: number): number {
  return Math.max(MIN_DELETION_LIMIT, Math.floor(linkCount * DELETION_SHARE));
}

export type GuardVerdict = { ok: true } | { ok: false; reason: string };

export interface DeletionCheck {
  side: 'remote' | 'crm';
  linkCount: number;
  /** Deletions this round would make in total (already applied in earlier pages plus this page's). */
  deletions: number;
  /**
   * A complete listing saw none of the linked items: the remote "turned up empty" (a wrong URL, an expired share,
   * a server that lost its data). Not for the CRM side, whose deletions are explicit tombstones a person made.
   */
  sideEmpty?: boolean;
  /** Deletions a person confirmed after the guard tripped: up to this many pass. */
  confirmed?: number;
}

/** The confirmed deletions that count for `side`: a confirmation names the side whose guard tripped. */
export function confirmedFor(
  state: { confirmedDeletions: number; confirmedSide?: 'remote' | 'crm' | null },
  side: 'remote' | 'crm',
): number {
  return state.confirmedSide && state.confirmedSide !== side ? 0 : state.confirmedDeletions;
}

export interface Confirmation {
  confirmedDeletions: number;
  confirmedSide: 'remote' | 'crm' | null;
}

/**
 * What is left of a confirmation after a round. A round that ends ok or trips a guard again spends it (it was for
 * one round). A failed round (network, a server error halfway) leaves it for the retry, less the deletions it made
 * under it: in total the retries never delete more than the person confirmed. Deletions mirror a side: those a
 * `remote` confirmation lets through are made in the CRM (`deleted.crm`), a `crm` one's on the remote; a confirmation
 * without a side (as before sides were told apart) is spent by both. Pure.
 */
export function confirmationAfter(
  state: { confirmedDeletions: number; confirmedSide?: 'remote' | 'crm' | null },
  outcome: { status: string; deleted?: { remote: number; crm: number } },
): Confirmation {
  const none: Confirmation = { confirmedDeletions: 0, confirmedSide: null };
  if (outcome.status !== 'failed' || state.confirmedDeletions <= 0) return none;
  const side = state.confirmedSide ?? null;
  const deleted = outcome.deleted ?? { remote: 0, crm: 0 };
  const used = side === 'remote' ? deleted.crm : side === 'crm' ? deleted.remote : deleted.remote + deleted.crm;
  const left = state.confirmedDeletions - used;
  return left > 0 ? { confirmedDeletions: left, confirmedSide: side } : none;
}

export function checkDeletions({
  side,
  linkCount,
  deletions,
  sideEmpty = false,
  confirmed = 0,
}: DeletionCheck): GuardVerdict {
  if (deletions === 0 || deletions <= confirmed) return { ok: true };
  const where = side === 'remote' ? 'the remote collection' : 'the CRM';
  if (sideEmpty && linkCount > 0) {
    return { ok: false, reason: `${where} turned up empty: all ${linkCount} synced records would be deleted` };
  }
  const limit = deletionLimit(linkCount);
  if (deletions > limit) {
    return {
      ok: false,
      reason: `${deletions} deletions from ${where} exceed the limit of ${limit} (max(20, 10 % of ${linkCount} links))`,
    };
  }
  return { ok: true };
}
