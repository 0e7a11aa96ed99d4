import type { Fields, SyncLink } from '@akte/sync-engine';
import { insertRows, placeholders, type Sql } from '../db/sql';

/** `sync_links` rows ↔ the engine's SyncLink, with plain statements (a round reads and writes one per item). */
export const LINK_COLUMNS = `collection_id AS collectionId, crm_id AS crmId, href, uid, etag, content_hash AS contentHash,
  crm_revision AS crmRevision, base, state, listed_in AS listedIn`;

export interface LinkRow {
  collectionId: number;
  crmId: string;
  href: string | Buffer;
  uid: string | Buffer;
  etag: string | null;
  contentHash: string | null;
  crmRevision: number | string;
  base: string | null;
  state: SyncLink['state'];
  listedIn: number;
}

/** Binary-collated columns come back from MariaDB as strings or buffers depending on the driver's mood. */
const text = (value: string | Buffer): string => (Buffer.isBuffer(value) ? value.toString('utf8') : value);

export function linkOf(row: LinkRow): SyncLink {
  return {
    collectionId: String(row.collectionId),
    crmId: row.crmId,
    href: text(row.href),
    uid: text(row.uid),
    etag: row.etag,
    contentHash: row.contentHash,
    crmRevision: Number(row.crmRevision),
    base: row.base === null ? null : (JSON.parse(row.base) as Fields),
    state: row.state,
    listedIn: Number(row.listedIn),
  };
}

export async function findLinks(sql: Sql, where: string, params: unknown[]): Promise<SyncLink[]> {
  const rows = await sql.all<LinkRow>(`SELECT ${LINK_COLUMNS} FROM sync_links WHERE ${where}`, params);
  return rows.map(linkOf);
}

/** Inserts the link, replacing one with the same crmId or href in its collection (a link is unique in both). */
export async function putLink(sql: Sql, link: SyncLink): Promise<void> {
  await putLinks(sql, [link]);
}

/** Links of one unit of work, each replacing one with the same crmId or href: one DELETE per collection, one INSERT. */
export async function putLinks(sql: Sql, links: readonly SyncLink[]): Promise<void> {
  if (!links.length) return;
  const byCollection = new Map<number, SyncLink[]>();
  for (const link of links) {
    const id = Number(link.collectionId);
    byCollection.set(id, [...(byCollection.get(id) ?? []), link]);
  }
  for (const [collectionId, group] of byCollection)
    await sql.run(
      `DELETE FROM sync_links WHERE collection_id = ?
        AND (crm_id IN (${placeholders(group.length)}) OR href IN (${placeholders(group.length)}))`,
      [collectionId, ...group.map((l) => l.crmId), ...group.map((l) => l.href)],
    );
  await insertRows(
    sql,
    'sync_links',
    ['collection_id', 'crm_id', 'href', 'uid', 'etag', 'content_hash', 'crm_revision', 'base', 'state', 'listed_in'],
    links.map((link) => [
      Number(link.collectionId),
      link.crmId,
      link.href,
      link.uid,
      link.etag,
      link.contentHash,
      link.crmRevision,
      link.base === null ? null : JSON.stringify(link.base),
      link.state,
      link.listedIn,
    ]),
  );
}
