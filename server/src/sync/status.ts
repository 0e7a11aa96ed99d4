import { Op } from 'sequelize';
import type { RoundReport } from '@akte/sync-engine';
import { SyncCollection, SyncConflict, SyncReview, type SyncAccount } from './model';

/** What the account page shows of a synced collection: its state, the last run and why it stopped, if it did. */
export interface CollectionStatusDto {
  id: number;
  href: string;
  displayName: string | null;
  kind: string;
  direction: string;
  /** Listing phase: initial (first sync), incremental, rebuild. */
  phase: string;
  status: string;
  lastError: string | null;
  failureCount: number;
  running: boolean;
  lastRunAt: string | null;
  nextRunAt: string | null;
  lastRun: RoundReport | null;
  /** An address book's partners: all the owner may see, theirs (mine), or a tag's (`tagId`); null for other kinds. */
  scope: string | null;
  tagId: number | null;
  /** What a guard stopped (status guard-tripped): confirm exactly this with POST …/confirm-deletions. */
  pendingDeletions: { side: 'remote' | 'crm'; deletions: number } | null;
  /** Deletions confirmed for the next round, on `side`; 0 when none. */
  confirmed: { side: 'remote' | 'crm' | null; deletions: number };
}

const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

export function collectionStatus(row: SyncCollection, now = new Date()): CollectionStatusDto {
  return {
    id: row.id,
    href: row.remoteHref,
    displayName: row.displayName,
    kind: row.kind,
    direction: row.direction,
    phase: row.phase,
    status: row.status,
    lastError: row.lastError ?? null,
    failureCount: row.failureCount,
    running: Boolean(row.leaseExpiresAt && new Date(row.leaseExpiresAt) > now),
    lastRunAt: iso(row.lastRunAt),
    nextRunAt: iso(row.nextRunAt),
    lastRun: row.lastReport ?? null,
    scope: row.kind === 'contact' ? row.contactScope : null,
    tagId: row.kind === 'contact' ? (row.contactTagId ?? null) : null,
    pendingDeletions:
      row.status === 'guard-tripped' && row.guardSide && row.guardDeletions !== null
        ? { side: row.guardSide, deletions: Number(row.guardDeletions) }
        : null,
    confirmed: { side: row.confirmedSide ?? null, deletions: Number(row.confirmedDeletions) },
  };
}

async function collectionIds(account: SyncAccount): Promise<number[]> {
  const rows = await SyncCollection.findAll({ where: { accountId: account.id }, attributes: ['id'] });
  return rows.map((r) => r.id);
}

export async function conflictsOf(account: SyncAccount, limit: number) {
  const rows = await SyncConflict.findAll({
    where: { collectionId: { [Op.in]: await collectionIds(account) } },
    order: [['id', 'DESC']],
    limit,
  });
  return rows.map((c) => ({
    id: c.id,
    collectionId: c.collectionId,
    crmId: c.crmId,
    field: c.field,
    base: c.baseValue,
    crm: c.crmValue,
    remote: c.remoteValue,
    winner: c.winner,
    at: new Date(c.at).toISOString(),
  }));
}

export async function reviewsOf(account: SyncAccount) {
  const rows = await SyncReview.findAll({
    where: { collectionId: { [Op.in]: await collectionIds(account) } },
    order: [['id', 'ASC']],
  });
  return rows.map((r) => ({
    id: r.id,
    collectionId: r.collectionId,
    href: r.href,
    uid: r.uid,
    reason: r.reason,
    candidates: r.candidates,
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}
