import { confirmationAfter } from '../../../sync-engine/src/engine/guards';
import { identityKeysOf } from '../../../sync-engine/src/engine/identity';
import { INITIAL_LISTING, type ListingState } from '../../../sync-engine/src/engine/cursor';
import type { Side } from '../../../sync-engine/src/engine/merge-policy';
import {
  LeaseLostError,
  type CandidateQuery,
  type CandidateRecord,
  type Claim,
  type CollectionState,
  type ConflictEntry,
  type CrmChangePage,
  type CrmCreate,
  type CrmRecord,
  type Fence,
  type ReviewEntry,
  type RoundOutcome,
  type StoragePort,
  type SyncDirection,
  type SyncLink,
} from '../../../sync-engine/src/engine/storage-port';
import type { Fields, RecordKind } from '../../../sync-engine/src/codecs/fields';

/**
 * The storage port in memory (test code): a CRM with one revision counter and tombstones like the server's change
 * log, links, collection state with leases and fencing tokens, the conflict log and the review list. Everything
 * handed out is a copy, so the engine cannot pass tests by mutating shared objects.
 */
interface CrmRow extends CrmRecord {
  kind: RecordKind;
  deleted: boolean;
}

export interface CollectionRow extends CollectionState {
  lease: { owner: string | null; expiresAt: number; token: number };
  /** A document collection (memory-document-storage.ts): claimed only by claimDocumentCollection. */
  documents?: boolean;
}

const copy = <T>(value: T): T => structuredClone(value);

export class MemoryStorage implements StoragePort {
  readonly crm = new Map<string, CrmRow>();
  readonly collections = new Map<string, CollectionRow>();
  /** Links per collection, by href and by CRM id (indexed: the first-sync test holds 1,000). */
  private readonly linkIndex = new Map<string, { byHref: Map<string, SyncLink>; byCrm: Map<string, SyncLink> }>();
  readonly conflicts: ConflictEntry[] = [];
  readonly reviews: ReviewEntry[] = [];
  private revision = 0;
  private nextCrmId = 0;
  /** What the last round's tripped guard would have deleted (RoundOutcome.guard). */
  lastGuard: RoundOutcome['guard'] | null = null;
  /** Fenced writes made by the engine (a round that "writes nothing" leaves this unchanged, apart from finishRound). */
  engineWrites = 0;

  addCollection(options: {
    id: string;
    kind: RecordKind;
    remoteHref: string;
    direction?: SyncDirection;
    policy?: Record<string, Side>;
  }): void {
    this.collections.set(options.id, {
      id: options.id,
      kind: options.kind,
      direction: options.direction ?? 'two-way',
      remote: { href: options.remoteHref },
      listing: { ...INITIAL_LISTING },
      crmCursor: 0,
      status: 'ok',
      lastError: null,
      failureCount: 0,
      confirmedDeletions: 0,
      policy: options.policy ?? {},
      lease: { owner: null, expiresAt: 0, token: 0 },
    });
  }

  // ---- what people do in the CRM (no fence: not the engine) ----
  /** The CRM gives every record a UID (the server's CardDAV/CalDAV layer serves it as the record's UID). */
  userCreate(kind: RecordKind, fields: Fields, uid?: string): string {
    const id = `crm-${++this.nextCrmId}`;
    this.crm.set(id, {
      id,
      kind,
      uid: uid ?? `uid-${id}`,
      fields: copy(fields),
      revision: ++this.revision,
      deleted: false,
    });
    return id;
  }
  userUpdate(id: string, patch: Partial<Record<string, Fields[string]>>): void {
    const row = this.crm.get(id)!;
    row.fields = { ...row.fields, ...copy(patch) } as Fields;
    row.revision = ++this.revision;
  }
  userDelete(id: string): void {
    const row = this.crm.get(id)!;
    row.deleted = true;
    row.revision = ++this.revision;
  }
  live(kind: RecordKind): CrmRecord[] {
    return [...this.crm.values()].filter((r) => r.kind === kind && !r.deleted).map((r) => copy(r));
  }
  collection(id: string): CollectionRow {
    return this.collections.get(id)!;
  }

  // ---- leases and collection state ----
  async claimCollection(owner: string, now: Date, leaseMs: number, collectionId?: string): Promise<Claim | null> {
    const row = [...this.collections.values()].find(
      (c) => !c.documents && (!collectionId || c.id === collectionId) && c.lease.expiresAt <= now.getTime(),
    );
    if (!row) return null;
    row.lease = { owner, expiresAt: now.getTime() + leaseMs, token: row.lease.token + 1 };
    const { lease: _lease, documents: _documents, ...state } = row;
    return { state: copy(state), fence: { collectionId: row.id, token: row.lease.token } };
  }
  protected fenced(fence: Fence): CollectionRow {
    const row = this.collections.get(fence.collectionId)!;
    if (row.lease.token !== fence.token) throw new LeaseLostError(fence);
    this.engineWrites++;
    return row;
  }
  async saveListing(fence: Fence, listing: ListingState): Promise<void> {
    this.fenced(fence).listing = copy(listing);
  }
  async saveCrmCursor(fence: Fence, crmCursor: number): Promise<void> {
    this.fenced(fence).crmCursor = crmCursor;
  }
  async renewLease(fence: Fence, now: Date, leaseMs: number): Promise<void> {
    const row = this.fenced(fence);
    this.engineWrites--;
    row.lease = { ...row.lease, expiresAt: now.getTime() + leaseMs };
  }
  /** What the account page's "yes, delete them" will do (server: sync/confirm-deletions.ts). */
  confirmDeletions(collectionId: string, count: number, side?: 'remote' | 'crm'): void {
    const row = this.collection(collectionId);
    row.confirmedDeletions = count;
    row.confirmedSide = side ?? null;
  }
  async finishRound(fence: Fence, outcome: RoundOutcome): Promise<void> {
    const row = this.fenced(fence);
    this.engineWrites--;
    // As the server's port: a round that ends ok or trips again spends the confirmation; a failed one keeps what
    // its deletions left of it.
    Object.assign(row, confirmationAfter(row, outcome));
    this.lastGuard = outcome.guard ?? null;
    row.status = outcome.status;
    row.lastError = outcome.lastError;
    row.failureCount = outcome.status === 'failed' ? row.failureCount + 1 : 0;
    row.lease = { ...row.lease, owner: null, expiresAt: 0 };
  }

  // ---- links ----
  get links(): SyncLink[] {
    return [...this.linkIndex.values()].flatMap((index) => [...index.byCrm.values()]);
  }
  private indexOf(collectionId: string) {
    let index = this.linkIndex.get(collectionId);
    if (!index) this.linkIndex.set(collectionId, (index = { byHref: new Map(), byCrm: new Map() }));
    return index;
  }
  private linksOf(collectionId: string): SyncLink[] {
    return [...this.indexOf(collectionId).byCrm.values()];
  }
  async linkByHref(collectionId: string, href: string) {
    const link = this.indexOf(collectionId).byHref.get(href);
    return link ? copy(link) : null;
  }
  async linksByHrefs(collectionId: string, hrefs: string[]) {
    const index = this.indexOf(collectionId).byHref;
    return hrefs.flatMap((href) => {
      const link = index.get(href);
      return link ? [copy(link)] : [];
    });
  }
  async linkByCrmId(collectionId: string, crmId: string) {
    const link = this.indexOf(collectionId).byCrm.get(crmId);
    return link ? copy(link) : null;
  }
  async linksByCrmIds(collectionId: string, crmIds: string[]) {
    const index = this.indexOf(collectionId).byCrm;
    return crmIds.flatMap((crmId) => {
      const link = index.get(crmId);
      return link ? [copy(link)] : [];
    });
  }
  async linkByUid(collectionId: string, uid: string) {
    const link = this.linksOf(collectionId).find((l) => l.uid === uid && l.state === 'synced');
    return link ? copy(link) : null;
  }
  async linksByUids(collectionId: string, uids: string[]) {
    const wanted = new Set(uids);
    return copy(this.linksOf(collectionId).filter((l) => wanted.has(l.uid) && l.state === 'synced'));
  }
  async pendingCreates(collectionId: string) {
    return copy(this.linksOf(collectionId).filter((l) => l.state === 'pending-create'));
  }
  async linkCount(collectionId: string) {
    return this.indexOf(collectionId).byCrm.size;
  }
  async linksNotListedIn(collectionId: string, generation: number, limit: number) {
    return copy(
      this.linksOf(collectionId)
        .filter((l) => l.state === 'synced' && l.listedIn !== generation)
        .slice(0, limit),
    );
  }
  async markListed(fence: Fence, hrefs: string[], generation: number): Promise<void> {
    this.fenced(fence);
    const index = this.indexOf(fence.collectionId);
    for (const href of hrefs) {
      const link = index.byHref.get(href);
      if (link) link.listedIn = generation;
    }
  }
  private dropLink(collectionId: string, crmId: string): void {
    const index = this.indexOf(collectionId);
    const link = index.byCrm.get(crmId);
    if (!link) return;
    index.byCrm.delete(crmId);
    index.byHref.delete(link.href);
  }
  private putLink(link: SyncLink): void {
    const index = this.indexOf(link.collectionId);
    this.dropLink(link.collectionId, link.crmId);
    const sameHref = index.byHref.get(link.href);
    if (sameHref) this.dropLink(link.collectionId, sameHref.crmId);
    const stored = copy(link);
    index.byCrm.set(stored.crmId, stored);
    index.byHref.set(stored.href, stored);
  }
  async saveLink(fence: Fence, link: SyncLink): Promise<void> {
    this.fenced(fence);
    this.putLink(link);
  }
  async deleteLink(fence: Fence, collectionId: string, crmId: string): Promise<void> {
    this.fenced(fence);
    this.dropLink(collectionId, crmId);
  }

  // ---- CRM reads ----
  async crmChanges(collectionId: string, afterRevision: number, limit: number): Promise<CrmChangePage> {
    const kind = this.collection(collectionId).kind;
    const all = [...this.crm.values()]
      .filter((r) => r.kind === kind && r.revision > afterRevision && !(afterRevision === 0 && r.deleted))
      .sort((a, b) => a.revision - b.revision);
    const page = all.slice(0, limit);
    return {
      changes: page.map((r) => ({ crmId: r.id, revision: r.revision, deleted: r.deleted })),
      last: page.length ? page[page.length - 1].revision : afterRevision,
      more: all.length > limit,
    };
  }
  async readCrm(collectionId: string, crmId: string): Promise<CrmRecord | null> {
    const row = this.crm.get(crmId);
    if (!row || row.deleted || row.kind !== this.collection(collectionId).kind) return null;
    const { kind: _kind, deleted: _deleted, ...record } = row;
    return copy(record);
  }
  private readonly keyCache = new Map<string, { revision: number; keys: ReturnType<typeof identityKeysOf> }>();
  private keysOf(row: CrmRow) {
    const cached = this.keyCache.get(row.id);
    if (cached?.revision === row.revision) return cached.keys;
    const keys = identityKeysOf(row.kind, { uid: row.uid, fields: row.fields });
    this.keyCache.set(row.id, { revision: row.revision, keys });
    return keys;
  }
  async identityCandidates(collectionId: string, query: CandidateQuery): Promise<CandidateRecord[]> {
    const kind = this.collection(collectionId).kind;
    return [...this.crm.values()]
      .filter((r) => {
        if (r.kind !== kind || r.deleted) return false;
        if (query.uid && r.uid === query.uid) return true;
        const keys = this.keysOf(r);
        return keys.emails.some((e) => query.emails.includes(e)) || keys.phones.some((p) => query.phones.includes(p));
      })
      .map((r) => copy(r))
      .map((r) => ({
        id: r.id,
        uid: r.uid,
        revision: r.revision,
        fields: r.fields,
        linkedHere: this.indexOf(collectionId).byCrm.has(r.id),
      }));
  }

  // ---- CRM writes, each one transaction with its link ----
  async createCrm(fence: Fence, uid: string, fields: Fields, link: Omit<SyncLink, 'crmId' | 'crmRevision'>) {
    const row = this.fenced(fence);
    const id = `crm-${++this.nextCrmId}`;
    const record = { id, kind: row.kind, uid, fields: copy(fields), revision: ++this.revision, deleted: false };
    this.crm.set(id, record);
    this.putLink({ ...link, crmId: id, crmRevision: record.revision });
    return { id, uid, fields: copy(fields), revision: record.revision };
  }
  /** One transaction for all: the fence is checked once, then every record with its link. */
  async createCrmMany(fence: Fence, creates: CrmCreate[]) {
    this.fenced(fence);
    const records = [];
    for (const c of creates) records.push(await this.createCrm(fence, c.uid, c.fields, c.link));
    return records;
  }
  async updateCrm(
    fence: Fence,
    crmId: string,
    expectedRevision: number,
    fields: Fields,
    link: Omit<SyncLink, 'crmRevision'>,
  ): Promise<CrmRecord | null> {
    this.fenced(fence);
    const row = this.crm.get(crmId);
    if (!row || row.deleted || row.revision !== expectedRevision) return null;
    row.fields = copy(fields);
    row.revision = ++this.revision;
    this.putLink({ ...link, crmRevision: row.revision });
    return { id: row.id, uid: row.uid, fields: copy(fields), revision: row.revision };
  }
  async deleteCrm(fence: Fence, crmId: string, expectedRevision: number): Promise<boolean> {
    this.fenced(fence);
    const row = this.crm.get(crmId);
    if (!row || row.deleted || row.revision !== expectedRevision) return false;
    row.deleted = true;
    row.revision = ++this.revision;
    this.dropLink(fence.collectionId, crmId);
    return true;
  }

  async logConflicts(fence: Fence, entries: ConflictEntry[]): Promise<void> {
    this.fenced(fence);
    this.conflicts.push(...copy(entries));
  }
  async addReview(fence: Fence, entry: ReviewEntry): Promise<void> {
    this.fenced(fence);
    const index = this.reviews.findIndex((r) => r.collectionId === entry.collectionId && r.href === entry.href);
    if (index >= 0) this.reviews[index] = copy(entry);
    else this.reviews.push(copy(entry));
  }
  async reviewsOpenFor(collectionId: string, hrefs: string[]): Promise<string[]> {
    return hrefs.filter((href) => this.reviews.some((r) => r.collectionId === collectionId && r.href === href));
  }
  async reviewOpenFor(collectionId: string, href: string): Promise<boolean> {
    return this.reviews.some((r) => r.collectionId === collectionId && r.href === href);
  }
  async heldForReview(collectionId: string, crmId: string): Promise<boolean> {
    return this.reviews.some((r) => r.collectionId === collectionId && r.candidates.includes(crmId));
  }
}
