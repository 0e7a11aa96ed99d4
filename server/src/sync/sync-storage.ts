import {
  confirmationAfter,
  LeaseLostError,
  sameFields,
  type CandidateQuery,
  type CandidateRecord,
  type Claim,
  type CollectionState,
  type ConflictEntry,
  type CrmChangePage,
  type CrmCreate,
  type CrmRecord,
  type Fence,
  type Fields,
  type ListingState,
  type RecordKind,
  type ReviewEntry,
  type RoundOutcome,
  type StoragePort,
  type SyncDirection,
  type SyncLink,
} from '@akte/sync-engine';
import type { Transaction } from 'sequelize';
import { placeholders, sqlDate, sqlOf, type Sql } from '../db/sql';
import { actorForUser } from '../domain/users/actors';
import { User } from '../domain/users/model';
import type { Services } from '../http/context';
import { crmKindFor } from './crm';
import { contactScopeOf } from './crm/contact-scope';
import { ReadOnlyRecordError, RecordRefusedError, type CrmKind, type CrmScope } from './crm/crm-kind';
import { claimLease, fenced, renewLease } from './leases';
import { findLinks, putLink, putLinks } from './links';
import { SyncCollection } from './model';
import { retryDelayMs } from './schedule';

export interface SyncStorageOptions {
  /** How long after a finished round the collection is due again. */
  intervalMs: number;
}

/** Bounds of one unit of work of createCrmMany: records per transaction, and time before it takes no more. */
const UNIT_MAX_ITEMS = 50;
const UNIT_MAX_MS = 250;

interface Scoped {
  scope: CrmScope;
  kind: CrmKind;
}

/**
 * The engine's storage port on the CRM database (sync-engine/src/engine/storage-port.ts): collection state, leases
 * and fencing (leases.ts), links (links.ts), the conflict log and review list in the sync_* tables; CRM reads and
 * writes through the domain services as the account's owner (crm/). Every write of a round is one unit of work that
 * checks the fencing token first, and a CRM write commits the record *and* its link in that same transaction.
 */
export class SyncStorage implements StoragePort {
  /**
   * `sync_links.href` and `sync_reviews.href` (migration 0014): 500 characters in a unique index, as wide as InnoDB's
   * key allows at 4 bytes a character with room to spare; a remote item at a longer href is reported, not stored.
   */
  readonly linkHrefLimit = 500;
  private readonly scopes = new Map<string, Promise<Scoped>>();
  /** Records the CRM refused this round, per collection: they end up in the collection's last error. */
  private readonly refusals = new Map<string, string[]>();

  constructor(
    private readonly services: Services,
    private readonly options: SyncStorageOptions,
  ) {}

  private get sequelize() {
    return this.services.sequelize;
  }

  /** The owner's actor and the kind's CRM side of a collection, resolved once per collection and storage. */
  private scoped(collectionId: string): Promise<Scoped> {
    let found = this.scopes.get(collectionId);
    if (!found) {
      found = (async () => {
        const [row] = await sqlOf(this.sequelize).all<{
          kind: RecordKind;
          crmScope: string | null;
          contactScope: string;
          contactTagId: number | null;
          owner: number;
        }>(
          `SELECT c.kind AS kind, c.crm_scope AS crmScope, c.contact_scope AS contactScope,
              c.contact_tag_id AS contactTagId, a.owner_user_id AS owner
            FROM sync_collections c JOIN sync_accounts a ON a.id = c.account_id WHERE c.id = ?`,
          [Number(collectionId)],
        );
        if (!row) throw new Error(`sync collection ${collectionId} does not exist`);
        const user = await User.findByPk(row.owner);
        if (!user?.active) throw new Error(`the owner of sync collection ${collectionId} is not an active user`);
        const actor = await actorForUser(user);
        return {
          scope: {
            actor,
            services: this.services,
            crmScope: row.crmScope,
            contacts: contactScopeOf(row.contactScope, row.contactTagId),
            collectionId: Number(collectionId),
          },
          kind: crmKindFor(row.kind),
        };
      })();
      found.catch(() => this.scopes.delete(collectionId));
      this.scopes.set(collectionId, found);
    }
    return found;
  }

  private refused(collectionId: string, message: string): void {
    this.refusals.set(collectionId, [...(this.refusals.get(collectionId) ?? []), message]);
  }

  // ---- leases and collection state ----
  async claimCollection(owner: string, now: Date, leaseMs: number, collectionId?: string): Promise<Claim | null> {
    const claimed = await claimLease(
      this.sequelize,
      owner,
      now,
      leaseMs,
      collectionId === undefined ? undefined : Number(collectionId),
    );
    if (!claimed) return null;
    const row = await SyncCollection.findByPk(claimed.id);
    if (!row) return null;
    this.refusals.delete(String(claimed.id));
    return { state: stateOf(row), fence: { collectionId: String(claimed.id), token: claimed.token } };
  }

  async saveListing(fence: Fence, listing: ListingState): Promise<void> {
    await fenced(this.sequelize, fence, (_tx, sql) =>
      sql.run(
        'UPDATE sync_collections SET phase = ?, listing_cursor = ?, listing_page = ?, generation = ? WHERE id = ?',
        [listing.phase, listing.cursor, listing.page, listing.generation, Number(fence.collectionId)],
      ),
    );
  }

  async saveCrmCursor(fence: Fence, crmCursor: number): Promise<void> {
    await fenced(this.sequelize, fence, (_tx, sql) =>
      sql.run('UPDATE sync_collections SET crm_cursor = ? WHERE id = ?', [crmCursor, Number(fence.collectionId)]),
    );
  }

  async renewLease(fence: Fence, now: Date, leaseMs: number): Promise<void> {
    await renewLease(this.sequelize, fence, now, leaseMs);
  }

  async finishRound(fence: Fence, outcome: RoundOutcome): Promise<void> {
    const refusals = this.refusals.get(fence.collectionId) ?? [];
    this.refusals.delete(fence.collectionId);
    const lastError = [outcome.lastError, ...refusals].filter(Boolean).join('; ') || null;
    await fenced(this.sequelize, fence, async (_tx, sql) => {
      const [row] = await sql.all<{
        failures: number;
        confirmedDeletions: number;
        confirmedSide: 'remote' | 'crm' | null;
      }>(
        `SELECT failure_count AS failures, confirmed_deletions AS confirmedDeletions, confirmed_side AS confirmedSide
          FROM sync_collections WHERE id = ?`,
        [Number(fence.collectionId)],
      );
      const failures = outcome.status === 'failed' ? Number(row.failures) + 1 : 0;
      const now = new Date();
      const next = new Date(now.getTime() + this.options.intervalMs);
      const throttle = failures ? new Date(now.getTime() + retryDelayMs(failures)) : null;
      // A confirmation is for one round: spent by a round that ends ok or trips a guard (again, on other deletions);
      // a failed round (network) leaves the retry what its deletions did not use, so the retries never delete more
      // than was confirmed. The fence holds the row: nothing changes it between this read and the write.
      const confirmation = confirmationAfter(
        { confirmedDeletions: Number(row.confirmedDeletions), confirmedSide: row.confirmedSide },
        outcome,
      );
      await sql.run(
        `UPDATE sync_collections SET status = ?, last_error = ?, failure_count = ?, lease_owner = NULL,
           lease_expires_at = NULL, last_run_at = ?, next_run_at = ?, throttle_until = ?,
           confirmed_deletions = ?, confirmed_side = ?,
           guard_side = ?, guard_deletions = ?
          WHERE id = ?`,
        [
          outcome.status,
          lastError,
          failures,
          sqlDate(sql.dialect, now),
          sqlDate(sql.dialect, next),
          throttle && sqlDate(sql.dialect, throttle),
          confirmation.confirmedDeletions,
          confirmation.confirmedSide,
          outcome.guard?.side ?? null,
          outcome.guard?.deletions ?? null,
          Number(fence.collectionId),
        ],
      );
    });
  }

  // ---- links ----
  private async oneLink(where: string, params: unknown[]): Promise<SyncLink | null> {
    const [link] = await findLinks(sqlOf(this.sequelize), `${where} LIMIT 1`, params);
    return link ?? null;
  }
  linkByHref(collectionId: string, href: string) {
    return this.oneLink('collection_id = ? AND href = ?', [Number(collectionId), href]);
  }
  linksByHrefs(collectionId: string, hrefs: string[]): Promise<SyncLink[]> {
    return this.linksWhereIn(collectionId, 'href', hrefs);
  }
  linksByCrmIds(collectionId: string, crmIds: string[]): Promise<SyncLink[]> {
    return this.linksWhereIn(collectionId, 'crm_id', crmIds);
  }
  /** The links whose `column` is one of `values`, in chunks of 500 (bound parameters are limited). */
  private async linksWhereIn(collectionId: string, column: string, values: string[]): Promise<SyncLink[]> {
    const links: SyncLink[] = [];
    for (let i = 0; i < values.length; i += 500) {
      const chunk = values.slice(i, i + 500);
      links.push(
        ...(await findLinks(
          sqlOf(this.sequelize),
          `collection_id = ? AND ${column} IN (${placeholders(chunk.length)})`,
          [Number(collectionId), ...chunk],
        )),
      );
    }
    return links;
  }
  linkByCrmId(collectionId: string, crmId: string) {
    return this.oneLink('collection_id = ? AND crm_id = ?', [Number(collectionId), crmId]);
  }
  linkByUid(collectionId: string, uid: string) {
    return this.oneLink("collection_id = ? AND uid = ? AND state = 'synced'", [Number(collectionId), uid]);
  }
  async linksByUids(collectionId: string, uids: string[]): Promise<SyncLink[]> {
    return (await this.linksWhereIn(collectionId, 'uid', uids)).filter((l) => l.state === 'synced');
  }
  pendingCreates(collectionId: string) {
    return findLinks(sqlOf(this.sequelize), "collection_id = ? AND state = 'pending-create'", [Number(collectionId)]);
  }
  async linkCount(collectionId: string): Promise<number> {
    const [row] = await sqlOf(this.sequelize).all<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM sync_links WHERE collection_id = ?',
      [Number(collectionId)],
    );
    return Number(row.n);
  }
  linksNotListedIn(collectionId: string, generation: number, limit: number) {
    return findLinks(
      sqlOf(this.sequelize),
      "collection_id = ? AND state = 'synced' AND listed_in <> ? ORDER BY id LIMIT ?",
      [Number(collectionId), generation, limit],
    );
  }
  async markListed(fence: Fence, hrefs: string[], generation: number): Promise<void> {
    if (!hrefs.length) return;
    await fenced(this.sequelize, fence, async (_tx, sql) => {
      for (let i = 0; i < hrefs.length; i += 500) {
        const chunk = hrefs.slice(i, i + 500);
        await sql.run(
          `UPDATE sync_links SET listed_in = ? WHERE collection_id = ? AND href IN (${placeholders(chunk.length)})`,
          [generation, Number(fence.collectionId), ...chunk],
        );
      }
    });
  }
  async saveLink(fence: Fence, link: SyncLink): Promise<void> {
    await fenced(this.sequelize, fence, (_tx, sql) => putLink(sql, link));
  }
  async deleteLink(fence: Fence, collectionId: string, crmId: string): Promise<void> {
    await fenced(this.sequelize, fence, (_tx, sql) => removeLink(sql, collectionId, crmId));
  }

  // ---- CRM reads ----
  async crmChanges(collectionId: string, afterRevision: number, limit: number): Promise<CrmChangePage> {
    const { scope, kind } = await this.scoped(collectionId);
    return kind.changes(scope, afterRevision, limit);
  }
  async readCrm(collectionId: string, crmId: string): Promise<CrmRecord | null> {
    const { scope, kind } = await this.scoped(collectionId);
    return kind.read(scope, crmId);
  }
  async identityCandidates(collectionId: string, query: CandidateQuery): Promise<CandidateRecord[]> {
    const { scope, kind } = await this.scoped(collectionId);
    const records = await kind.candidates(scope, query);
    if (!records.length) return [];
    const linked = new Set(
      (
        await sqlOf(this.sequelize).all<{ crmId: string }>(
          `SELECT crm_id AS crmId FROM sync_links WHERE collection_id = ? AND crm_id IN (${placeholders(records.length)})`,
          [Number(collectionId), ...records.map((r) => r.id)],
        )
      ).map((r) => r.crmId),
    );
    // A candidate outside the collection's scope is a match that is not free to adopt: the review list settles it.
    return records.map(({ outsideScope, ...r }) => ({ ...r, linkedHere: linked.has(r.id) || outsideScope === true }));
  }

  // ---- CRM writes: the record and its link in one unit of work ----
  async createCrm(
    fence: Fence,
    uid: string,
    fields: Fields,
    link: Omit<SyncLink, 'crmId' | 'crmRevision'>,
  ): Promise<CrmRecord> {
    const { scope, kind } = await this.scoped(fence.collectionId);
    try {
      return await fenced(this.sequelize, fence, async (tx, sql) => {
        const record = await kind.create(scope, tx, uid, fields);
        await putLink(sql, { ...link, crmId: record.id, crmRevision: record.revision, base: record.fields });
        return record;
      });
    } catch (err) {
      if (!(err instanceof RecordRefusedError)) throw err;
      // The CRM cannot hold this item (a rule part it does not store, an end before the start): nothing of it was
      // kept (the unit of work rolled back), no link either, so the next round tries again. The round goes on
      // and the collection's last error names the item, instead of one item stopping the collection for good.
      this.refused(fence.collectionId, `${link.href}: not taken into the CRM: ${err.message}`);
      return { id: '', uid, revision: 0, fields };
    }
  }

  /**
   * Several creates in few units of work of up to UNIT_MAX_ITEMS records each, every unit checking the fencing
   * token once and committing its records with their links: through the kind's createMany (bulk statements, the
   * same rules), or else record by record, taking no more after UNIT_MAX_MS — either way short, so that on SQLite
   * the other writers of the process (REST, DAV, other collections) get the write gate between units. A unit that
   * fails — a record the CRM refuses rolls the whole unit back — is done again item by item through createCrm, so
   * the refused item is reported and the others are kept. A lost lease ends it at once.
   */
  async createCrmMany(fence: Fence, creates: CrmCreate[]): Promise<CrmRecord[]> {
    const { scope, kind } = await this.scoped(fence.collectionId);
    const records: CrmRecord[] = [];
    while (records.length < creates.length) {
      const from = records.length;
      let attempted = 0;
      try {
        records.push(
          ...(await fenced(this.sequelize, fence, async (tx, sql) => {
            if (kind.createMany) {
              const unit = creates.slice(from, from + UNIT_MAX_ITEMS);
              attempted = unit.length;
              const made = await kind.createMany(scope, tx, unit);
              await putLinks(
                sql,
                unit.map((c, i) => linkOfCreate(c, made[i])),
              );
              return made;
            }
            const started = performance.now();
            const unit: CrmRecord[] = [];
            for (const c of creates.slice(from, from + UNIT_MAX_ITEMS)) {
              if (unit.length && performance.now() - started > UNIT_MAX_MS) break;
              attempted++;
              const record = await kind.create(scope, tx, c.uid, c.fields);
              await putLink(sql, linkOfCreate(c, record));
              unit.push(record);
            }
            return unit;
          })),
        );
      } catch (err) {
        if (err instanceof LeaseLostError || attempted === 0) throw err;
        for (const c of creates.slice(from, from + attempted))
          records.push(await this.createCrm(fence, c.uid, c.fields, c.link));
      }
    }
    return records;
  }

  /**
   * The base saved with a CRM write is what the CRM holds after it (its reading of the fields), not what was asked:
   * a field the CRM cannot hold (an ORG naming no company the owner sees) then reads as unchanged on the CRM side
   * next time instead of as a CRM-side deletion that would remove it from the remote.
   */
  async updateCrm(
    fence: Fence,
    crmId: string,
    expectedRevision: number,
    fields: Fields,
    link: Omit<SyncLink, 'crmRevision'>,
  ): Promise<CrmRecord | null> {
    const { scope, kind } = await this.scoped(fence.collectionId);
    return fenced(this.sequelize, fence, async (tx, sql) => {
      const revision = await kind.revision(scope, crmId, tx);
      if (revision !== expectedRevision) return null;
      try {
        const record = await kind.update(scope, tx, crmId, fields);
        // Two-way the engine's base is the merge asked for, and what the CRM made of it is the better base. One-way
        // (to-crm) it is what the remote holds (sync-engine sync-record.ts oneWayBase), and stays.
        const base = link.base !== null && sameFields(link.base, fields) ? record.fields : link.base;
        await putLink(sql, { ...link, crmRevision: record.revision, base });
        return record;
      } catch (err) {
        if (!(err instanceof ReadOnlyRecordError || err instanceof RecordRefusedError)) throw err;
        if (err instanceof RecordRefusedError) this.refused(fence.collectionId, `${link.href}: ${err.message}`);
        // Nothing of the record was written (the domain checks before it writes): keep the CRM's version.
        await putLink(sql, { ...link, crmRevision: revision });
        return readBack(kind, scope, crmId, tx);
      }
    });
  }

  async deleteCrm(fence: Fence, crmId: string, expectedRevision: number): Promise<boolean> {
    const { scope, kind } = await this.scoped(fence.collectionId);
    return fenced(this.sequelize, fence, async (tx, sql) => {
      const revision = await kind.revision(scope, crmId, tx);
      if (revision !== expectedRevision) return false;
      try {
        await kind.remove(scope, tx, crmId);
      } catch (err) {
        if (!(err instanceof ReadOnlyRecordError || err instanceof RecordRefusedError)) throw err;
        // The record stays in the CRM (still in use, or not the owner's to delete); the remote copy is gone, so the
        // link goes: a later CRM change creates it on the remote again (modify beats delete).
        this.refused(fence.collectionId, `record ${crmId} kept: ${err.message}`);
      }
      await removeLink(sql, fence.collectionId, crmId);
      return true;
    });
  }

  // ---- conflict log and review list ----
  async logConflicts(fence: Fence, entries: ConflictEntry[]): Promise<void> {
    if (!entries.length) return;
    await fenced(this.sequelize, fence, async (_tx, sql) => {
      for (const e of entries) {
        await sql.run(
          `INSERT INTO sync_conflicts (collection_id, crm_id, field, base_value, crm_value, remote_value, winner, at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            Number(e.collectionId),
            e.crmId,
            e.field,
            JSON.stringify(e.base),
            JSON.stringify(e.crm),
            JSON.stringify(e.remote),
            e.winner,
            sqlDate(sql.dialect, e.at),
          ],
        );
      }
    });
  }
  async addReview(fence: Fence, entry: ReviewEntry): Promise<void> {
    await fenced(this.sequelize, fence, async (_tx, sql) => {
      await sql.run('DELETE FROM sync_reviews WHERE collection_id = ? AND href = ?', [
        Number(entry.collectionId),
        entry.href,
      ]);
      await sql.run(
        'INSERT INTO sync_reviews (collection_id, href, uid, reason, candidates, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        [
          Number(entry.collectionId),
          entry.href,
          entry.uid,
          entry.reason.slice(0, 255),
          JSON.stringify(entry.candidates),
          sqlDate(sql.dialect, new Date()),
        ],
      );
    });
  }
  async reviewsOpenFor(collectionId: string, hrefs: string[]): Promise<string[]> {
    const open: string[] = [];
    for (let i = 0; i < hrefs.length; i += 500) {
      const chunk = hrefs.slice(i, i + 500);
      const rows = await sqlOf(this.sequelize).all<{ href: string }>(
        `SELECT DISTINCT href FROM sync_reviews WHERE collection_id = ? AND href IN (${placeholders(chunk.length)})`,
        [Number(collectionId), ...chunk],
      );
      open.push(...rows.map((r) => r.href));
    }
    return open;
  }
  async reviewOpenFor(collectionId: string, href: string): Promise<boolean> {
    const rows = await sqlOf(this.sequelize).all(
      'SELECT id FROM sync_reviews WHERE collection_id = ? AND href = ? LIMIT 1',
      [Number(collectionId), href],
    );
    return rows.length > 0;
  }
  async heldForReview(collectionId: string, crmId: string): Promise<boolean> {
    // Candidates are a JSON array of strings: `"<crmId>"` with its quotes is one element, never a part of one.
    const rows = await sqlOf(this.sequelize).all(
      'SELECT id FROM sync_reviews WHERE collection_id = ? AND candidates LIKE ? LIMIT 1',
      [Number(collectionId), `%${JSON.stringify(crmId).replace(/[%_\\]/g, (c) => `\\${c}`)}%`],
    );
    return rows.length > 0;
  }
}

/** The link a created record gets: the create's, with the record's id, revision and (as base) what the CRM holds. */
const linkOfCreate = (c: CrmCreate, record: CrmRecord): SyncLink => ({
  ...c.link,
  crmId: record.id,
  crmRevision: record.revision,
  base: record.fields,
});

async function removeLink(sql: Sql, collectionId: string, crmId: string): Promise<void> {
  await sql.run('DELETE FROM sync_links WHERE collection_id = ? AND crm_id = ?', [Number(collectionId), crmId]);
}

async function readBack(kind: CrmKind, scope: CrmScope, crmId: string, tx: Transaction): Promise<CrmRecord | null> {
  return kind.read(scope, crmId, tx);
}

export function stateOf(row: SyncCollection): CollectionState {
  return {
    id: String(row.id),
    kind: row.kind as RecordKind,
    direction: row.direction as SyncDirection,
    remote: { href: row.remoteHref },
    listing: {
      phase: row.phase as ListingState['phase'],
      cursor: row.listingCursor ?? null,
      page: row.listingPage ?? null,
      generation: Number(row.generation),
    },
    crmCursor: Number(row.crmCursor),
    status: row.status as CollectionState['status'],
    lastError: row.lastError ?? null,
    failureCount: Number(row.failureCount),
    confirmedDeletions: Number(row.confirmedDeletions),
    confirmedSide: row.confirmedSide ?? null,
    policy: row.policy ?? {},
  };
}
