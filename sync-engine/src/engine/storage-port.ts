import type { FieldValue, Fields, RecordKind } from '../codecs/fields';
import type { RemoteCollectionRef } from '../providers/provider';
import type { ListingState } from './cursor';
import type { Side } from './merge-policy';

/**
 * Everything the engine keeps or reads on the CRM's side, as one port: `server/src/sync/` implements it on the
 * CRM database (links, collection state and the change log in the same transactions as the records), the tests in
 * memory. The engine imports nothing of the server.
 *
 * Fencing: a claim hands out the collection's fencing token, incremented on every claim. Every write takes the
 * token and the port refuses it (LeaseLostError) unless it is still the collection's current one — so a worker
 * that was paused past its lease while another took over cannot write a thing on the CRM side.
 */
export interface Fence {
  collectionId: string;
  token: number;
}

export class LeaseLostError extends Error {
  constructor(fence: Fence) {
    super(`lease on collection ${fence.collectionId} lost (fencing token ${fence.token} is stale)`);
    this.name = 'LeaseLostError';
  }
}

export type SyncDirection = 'two-way' | 'to-crm' | 'from-crm';
export type CollectionStatus = 'ok' | 'guard-tripped' | 'failed';

export interface CollectionState {
  id: string;
  kind: RecordKind;
  direction: SyncDirection;
  remote: RemoteCollectionRef;
  listing: ListingState;
  /** The CRM change-log revision up to which CRM changes have been pushed. */
  crmCursor: number;
  status: CollectionStatus;
  lastError: string | null;
  failureCount: number;
  /**
   * Deletions a person confirmed after a guard tripped (the account page shows the reason and asks): the next
   * round may delete up to this many on `confirmedSide` (both sides when it is absent, as before sides were
   * told apart); `finishRound` with status ok or guard-tripped clears it — a confirmation is for one round — and a
   * failed round leaves what its deletions did not use (guards.ts confirmationAfter).
   */
  confirmedDeletions: number;
  confirmedSide?: 'remote' | 'crm' | null;
  /** Merge policy overrides chosen for this collection (field → winner). */
  policy: Readonly<Record<string, Side>>;
}

export interface Claim {
  state: CollectionState;
  fence: Fence;
}

/**
 * A remote item linked to a CRM record within one collection: unique per (collection, href) and per
 * (collection, crmId). Written *before* a remote create (state `pending-create`, with the chosen href) so that a
 * rerun after a crash finds the create and repeats it at the same href with If-None-Match instead of making a
 * second copy.
 */
export interface SyncLink {
  collectionId: string;
  crmId: string;
  href: string;
  uid: string;
  etag: string | null;
  /** contentHash() of the remote's content at the last sync. */
  contentHash: string | null;
  /** The CRM revision last synced; CRM changes at or below it are the engine's own echo. */
  crmRevision: number;
  /** The fields both sides agreed on at the last sync: the base of the three-way merge. */
  base: Fields | null;
  state: 'pending-create' | 'synced';
  /** The listing generation in which the href was last seen (cursor.ts). */
  listedIn: number;
}

export interface CrmRecord {
  id: string;
  uid: string | null;
  revision: number;
  fields: Fields;
}

export interface CrmChange {
  crmId: string;
  revision: number;
  deleted: boolean;
}

export interface CrmChangePage {
  changes: CrmChange[];
  /** The revision to continue after; equal to the request's when nothing changed. */
  last: number;
  more: boolean;
}

export interface ConflictEntry {
  collectionId: string;
  crmId: string;
  field: string;
  base: FieldValue | null;
  crm: FieldValue;
  remote: FieldValue;
  winner: Side;
  at: Date;
}

export interface ReviewEntry {
  collectionId: string;
  href: string;
  uid: string | null;
  reason: string;
  candidates: string[];
}

export interface CandidateQuery {
  uid: string | null;
  emails: string[];
  phones: string[];
  name: string;
}

export interface CandidateRecord extends CrmRecord {
  linkedHere: boolean;
}

export interface RoundOutcome {
  status: CollectionStatus;
  lastError: string | null;
  /** With `guard-tripped`: what the round would have deleted, for a person to confirm exactly that. */
  guard?: TrippedGuard;
  /**
   * What the round deleted on each side before it ended (its report's `remote.deleted`, `crm.deleted`): a failed
   * round's deletions are taken off the confirmation it ran under (guards.ts confirmationAfter).
   */
  deleted?: { remote: number; crm: number };
}

/** A guard that stopped a round: the side whose records would have been deleted, and how many in total. */
export interface TrippedGuard {
  side: 'remote' | 'crm';
  deletions: number;
}

/** One createCrm call's arguments, for createCrmMany. */
export interface CrmCreate {
  uid: string;
  fields: Fields;
  link: Omit<SyncLink, 'crmId' | 'crmRevision'>;
}

export interface StoragePort {
  /**
   * The longest href a link (and a review entry) holds — a database column in an index; a remote item whose href is
   * longer is reported and never synced (never linked, so never deleted from here either). None: no limit.
   */
  readonly linkHrefLimit?: number;
  /** Claims a due collection (or the named one) for `leaseMs`; null when none is due or it is leased to another. */
  claimCollection(owner: string, now: Date, leaseMs: number, collectionId?: string): Promise<Claim | null>;
  saveListing(fence: Fence, listing: ListingState): Promise<void>;
  saveCrmCursor(fence: Fence, crmCursor: number): Promise<void>;
  /** Extends the lease of a long round (after each page); LeaseLostError if another worker holds it now. */
  renewLease(fence: Fence, now: Date, leaseMs: number): Promise<void>;
  /** Ends the round: status and error for the account page, failure count, lease released. */
  finishRound(fence: Fence, outcome: RoundOutcome): Promise<void>;

  linkByHref(collectionId: string, href: string): Promise<SyncLink | null>;
  /** The links of several hrefs at once (a listing page), in any order; hrefs without one are simply absent. */
  linksByHrefs(collectionId: string, hrefs: string[]): Promise<SyncLink[]>;
  linkByCrmId(collectionId: string, crmId: string): Promise<SyncLink | null>;
  /** linkByCrmId for several records at once (a page of CRM changes); records without a link are absent. */
  linksByCrmIds(collectionId: string, crmIds: string[]): Promise<SyncLink[]>;
  linkByUid(collectionId: string, uid: string): Promise<SyncLink | null>;
  /** linkByUid for several UIDs at once (the unlinked items of a page); UIDs without a synced link are absent. */
  linksByUids(collectionId: string, uids: string[]): Promise<SyncLink[]>;
  pendingCreates(collectionId: string): Promise<SyncLink[]>;
  linkCount(collectionId: string): Promise<number>;
  /** Synced links not seen in `generation` (at most `limit`): the candidates for deletion after a complete listing. */
  linksNotListedIn(collectionId: string, generation: number, limit: number): Promise<SyncLink[]>;
  markListed(fence: Fence, hrefs: string[], generation: number): Promise<void>;
  /** Inserts or replaces the link with the same crmId or href in the collection. */
  saveLink(fence: Fence, link: SyncLink): Promise<void>;
  deleteLink(fence: Fence, collectionId: string, crmId: string): Promise<void>;

  /** CRM changes of the collection's scope after `afterRevision` (0: every record in scope), oldest first. */
  crmChanges(collectionId: string, afterRevision: number, limit: number): Promise<CrmChangePage>;
  readCrm(collectionId: string, crmId: string): Promise<CrmRecord | null>;
  identityCandidates(collectionId: string, query: CandidateQuery): Promise<CandidateRecord[]>;

  /** Creates the CRM record and saves `link` (its crmId filled in) in one transaction. */
  createCrm(
    fence: Fence,
    uid: string,
    fields: Fields,
    link: Omit<SyncLink, 'crmId' | 'crmRevision'>,
  ): Promise<CrmRecord>;
  /**
   * Creates several records, each with its link, as createCrm would one by one — in as few transactions as the
   * storage finds fair to other writers (a page's first-sync creates otherwise pay one commit and one fencing check
   * each). Each record and its link are still committed together, every transaction checks the fencing token, and
   * a record the CRM refuses does not take the others with it. Answers one record per create, in order.
   */
  createCrmMany(fence: Fence, creates: CrmCreate[]): Promise<CrmRecord[]>;
  /**
   * Updates the record and saves the link in one transaction, if the record is still at `expectedRevision`;
   * null when it moved on (a person edited it meanwhile): the runner re-reads and merges again.
   */
  updateCrm(
    fence: Fence,
    crmId: string,
    expectedRevision: number,
    fields: Fields,
    link: Omit<SyncLink, 'crmRevision'>,
  ): Promise<CrmRecord | null>;
  /** Deletes the record (if still at `expectedRevision`, else null) and the collection's link to it. */
  deleteCrm(fence: Fence, crmId: string, expectedRevision: number): Promise<boolean>;

  logConflicts(fence: Fence, entries: ConflictEntry[]): Promise<void>;
  addReview(fence: Fence, entry: ReviewEntry): Promise<void>;
  /** A remote item waiting for a person's decision: neither adopted nor created until it is resolved. */
  reviewOpenFor(collectionId: string, href: string): Promise<boolean>;
  /** Of these hrefs, those with an open review entry. */
  reviewsOpenFor(collectionId: string, hrefs: string[]): Promise<string[]>;
  /** CRM records held back from creation because they are candidates of an open review entry. */
  heldForReview(collectionId: string, crmId: string): Promise<boolean>;
}
