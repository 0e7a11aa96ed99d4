import { partnerVisibleSql } from '../../access/policy';
import { collections } from '../../domain/changes/collections';
import { dateOf, placeholders, sqlOf } from '../../db/sql';
import type { DavItemMeta, DavScope, DavWriteScope } from '../collections/types';

/**
 * The reads behind "Customers & contacts" as plain statements (db/sql.ts): a phone's listing, multiget and sync
 * touch every card, so each is one indexed query with the access rule inlined, not a Sequelize round per table.
 * A partner is a card; a client that wrote it left a dav_objects row with its item name and raw body.
 */
export const CUSTOMERS_KEY = collections.partners();

export const derivedCardName = (uid: string): string => `${uid}.vcf`;

/** A visible, unarchived partner as a card: its identity and revision, and what a client stored for it. */
export interface CustomerCardRow {
  id: number;
  uid: string;
  revision: number;
  updatedAt: Date;
  /** The client's item name, or null for a card only the CRM has (served as `<uid>.vcf`). */
  name: string | null;
  body: string | null;
  objectEtag: string | null;
  /** The partner revision the stored body was written at: equal to `revision` = nothing changed in the CRM since. */
  objectRevision: number | null;
  fieldsJson: string | null;
  version: string | null;
}

type RawRow = Omit<CustomerCardRow, 'updatedAt' | 'revision' | 'objectRevision'> & {
  updatedAt: string | Date;
  revision: number | string;
  objectRevision: number | string | null;
};

function cardRow(raw: RawRow): CustomerCardRow {
  return {
    ...raw,
    revision: Number(raw.revision),
    objectRevision: raw.objectRevision === null ? null : Number(raw.objectRevision),
    updatedAt: dateOf(raw.updatedAt)!,
  };
}

/** ETag = partner id + revision (every change of the record, REST or DAV, takes a new revision) + stored-body hash. */
export const cardEtag = (row: Pick<CustomerCardRow, 'id' | 'revision' | 'objectEtag'>): string =>
  `"p${row.id}-${row.revision}${row.objectEtag ? `-${row.objectEtag.replace(/"/g, '').slice(0, 8)}` : ''}"`;

/** What a listing shows of a card (no body). */
export function cardMeta(row: CustomerCardRow, name: string): DavItemMeta {
  return {
    name,
    etag: cardEtag(row),
    contentType: `text/vcard; charset=utf-8; version=${row.version ?? '3.0'}`,
    lastModified: row.updatedAt,
  };
}

const PARTNER_COLUMNS = 'p.id AS id, p.uid AS uid, p.revision AS revision, p.updated_at AS updatedAt';

/**
 * Every card the actor may see, without bodies (PROPFIND Depth 1, an initial sync that asks only ETags, the customers
 * index), or only those of these partners (the index catching up with changes).
 */
export async function listCustomerCards(scope: DavScope, onlyIds?: number[]): Promise<CustomerCardRow[]> {
  const only = onlyIds ? `AND p.id IN (${placeholders(onlyIds.length)})` : '';
  const rows = await sqlOf(scope.services.sequelize).all<RawRow>(
    `SELECT ${PARTNER_COLUMNS}, o.name AS name, NULL AS body, o.etag AS objectEtag, o.revision AS objectRevision,
            NULL AS fieldsJson, o.version AS version
       FROM partners p LEFT JOIN dav_objects o ON o.collection_key = ? AND o.entity_id = p.id
      WHERE p.archived = 0 AND ${partnerVisibleSql(scope.actor, 'p')} ${only}`,
    [CUSTOMERS_KEY, ...(onlyIds ?? [])],
  );
  return rows.map(cardRow);
}

/**
 * The stored bodies of these partners' cards, and what the CRM understood of each when it was written (needed only
 * to re-apply later CRM changes). For rows whose access the caller has already checked.
 */
export async function storedCardBodies(scope: DavScope, partnerIds: number[]): Promise<Map<number, StoredCardBody>> {
  const result = new Map<number, StoredCardBody>();
  if (!partnerIds.length) return result;
  const rows = await sqlOf(scope.services.sequelize).all<StoredCardBody & { id: number }>(
    `SELECT entity_id AS id, body, fields_json AS fieldsJson, etag FROM dav_objects
      WHERE collection_key = ? AND entity_id IN (${placeholders(partnerIds.length)}) AND body IS NOT NULL`,
    [CUSTOMERS_KEY, ...partnerIds],
  );
  for (const { id, ...body } of rows) result.set(Number(id), body);
  return result;
}

export interface StoredCardBody {
  body: string;
  fieldsJson: string | null;
  /** The stored body's hash: the row a caller read may be older than the body read now. */
  etag: string | null;
}

/**
 * The cards with these item names the actor may see, by name: names a client chose (dav_objects), then `<uid>.vcf`
 * for partners no client has named (a partner a client named answers only under that name).
 */
export async function customerCardsByName(
  scope: DavScope | DavWriteScope,
  names: string[],
): Promise<Map<string, CustomerCardRow>> {
  const result = new Map<string, CustomerCardRow>();
  if (!names.length) return result;
  const sql = sqlOf(scope.services.sequelize, 'tx' in scope ? scope.tx : null);
  const visible = partnerVisibleSql(scope.actor, 'p');
  const uids = names.filter((n) => n.endsWith('.vcf')).map((n) => n.slice(0, -4));
  // One round trip: the stored names, and (UNION ALL) the partners no client has named, by UID.
  const derivedPart = uids.length
    ? `UNION ALL
       SELECT ${PARTNER_COLUMNS}, NULL AS name, NULL AS body, NULL AS objectEtag, NULL AS objectRevision,
              NULL AS fieldsJson, NULL AS version
         FROM partners p
        WHERE p.uid IN (${placeholders(uids.length)}) AND p.archived = 0 AND ${visible}
          AND NOT EXISTS (SELECT 1 FROM dav_objects o WHERE o.collection_key = ? AND o.entity_id = p.id)`
    : '';
  const rows = await sql.all<RawRow>(
    // fields_json is only needed to re-apply CRM changes: not read for cards still at their stored revision.
    `SELECT ${PARTNER_COLUMNS}, o.name AS name, o.body AS body, o.etag AS objectEtag, o.revision AS objectRevision,
            CASE WHEN o.revision = p.revision THEN NULL ELSE o.fields_json END AS fieldsJson, o.version AS version
       FROM dav_objects o JOIN partners p ON p.id = o.entity_id
      WHERE o.collection_key = ? AND o.name IN (${placeholders(names.length)}) AND p.archived = 0 AND ${visible}
     ${derivedPart}`,
    uids.length ? [CUSTOMERS_KEY, ...names, ...uids, CUSTOMERS_KEY] : [CUSTOMERS_KEY, ...names],
  );
  for (const row of rows) if (row.name !== null) result.set(row.name, cardRow(row));
  // A stored name wins over the same text derived from another partner's UID.
  for (const row of rows) {
    const name = derivedCardName(row.uid);
    if (row.name === null && !result.has(name)) result.set(name, cardRow(row));
  }
  return result;
}

/** For a sync report: which of these partners still exist unarchived and visible, and each one's item name. */
export async function customerChangeStates(
  scope: DavScope,
  ids: number[],
): Promise<{ live: Set<number>; names: Map<number, string> }> {
  const live = new Set<number>();
  const names = new Map<number, string>();
  if (!ids.length) return { live, names };
  const sql = sqlOf(scope.services.sequelize);
  const [partners, objects] = await Promise.all([
    sql.all<{ id: number }>(
      `SELECT p.id AS id FROM partners p
        WHERE p.id IN (${placeholders(ids.length)}) AND p.archived = 0 AND ${partnerVisibleSql(scope.actor, 'p')}`,
      ids,
    ),
    sql.all<{ entityId: number; name: string }>(
      `SELECT entity_id AS entityId, name FROM dav_objects WHERE collection_key = ? AND entity_id IN (${placeholders(ids.length)})`,
      [CUSTOMERS_KEY, ...ids],
    ),
  ]);
  for (const p of partners) live.add(p.id);
  for (const o of objects) names.set(o.entityId, o.name);
  return { live, names };
}

/** A partner a PUT/DELETE may address: by the item name, or by the card's UID (for the no-uid-conflict check). */
export interface CardWriteCandidate {
  id: number;
  uid: string;
  /** Visible to the actor and not archived: the only partners a card write may change or reveal. */
  writable: boolean;
  /** Visible to the actor (archived or not). A partner the actor cannot see does not exist for its writes. */
  visible: boolean;
  /** The item name a client gave this partner's card, if any. */
  storedName: string | null;
  /** The item's current ETag at the written name (what head() answers there), for the PUT's precondition. */
  etag: string;
}

/** One statement for everything a card write needs to know before it writes (inside the write transaction). */
export async function cardWriteCandidates(
  scope: DavWriteScope,
  name: string,
  cardUid: string | null,
): Promise<{ named: CardWriteCandidate | null; sameUid: CardWriteCandidate | null }> {
  const nameUid = name.endsWith('.vcf') ? name.slice(0, -4) : null;
  const rows = await sqlOf(scope.services.sequelize, scope.tx).all<{
    id: number;
    uid: string;
    writable: number;
    visible: number;
    storedName: string | null;
    revision: number | string;
    nameEtag: string | null;
  }>(
    `SELECT p.id AS id, p.uid AS uid, p.revision AS revision,
            (SELECT o3.etag FROM dav_objects o3 WHERE o3.collection_key = ? AND o3.name = ? AND o3.entity_id = p.id)
              AS nameEtag,
            CASE WHEN p.archived = 0 AND ${partnerVisibleSql(scope.actor, 'p')} THEN 1 ELSE 0 END AS writable,
            CASE WHEN ${partnerVisibleSql(scope.actor, 'p')} THEN 1 ELSE 0 END AS visible,
            (SELECT o2.name FROM dav_objects o2 WHERE o2.collection_key = ? AND o2.entity_id = p.id LIMIT 1) AS storedName
       FROM partners p
      WHERE p.id = (SELECT o.entity_id FROM dav_objects o WHERE o.collection_key = ? AND o.name = ?)
         OR p.uid IN (?, ?)`,
    [CUSTOMERS_KEY, name, CUSTOMERS_KEY, CUSTOMERS_KEY, name, nameUid, cardUid],
  );
  const candidates = rows.map(({ revision, nameEtag, ...r }) => ({
    ...r,
    writable: Boolean(r.writable),
    visible: Boolean(r.visible),
    // A card under its stored name carries the stored body's hash; one under its derived name does not (cardEtag).
    etag: cardEtag({ id: r.id, revision: Number(revision), objectEtag: r.storedName === name ? nameEtag : null }),
  }));
  const named =
    candidates.find((c) => c.storedName === name) ??
    candidates.find((c) => c.storedName === null && nameUid !== null && c.uid === nameUid) ??
    null;
  const sameUid = cardUid ? (candidates.find((c) => c.uid === cardUid) ?? null) : null;
  return { named, sameUid };
}

export interface StoredCardValues {
  partnerId: number;
  name: string;
  uid: string | null;
  body: string;
  fieldsJson: string;
  contentType: string;
  version: string | null;
  etag: string;
  revision: number;
}

/** Keeps the client's item name and raw body beside the partner (one row per partner in this book). */
export async function storeCardObject(scope: DavWriteScope, exists: boolean, v: StoredCardValues): Promise<void> {
  const sql = sqlOf(scope.services.sequelize, scope.tx);
  const now = new Date();
  // Same order in both statements: name, uid, body, fields_json, content_type, version, etag, revision.
  const values = [v.name, v.uid, v.body, v.fieldsJson, v.contentType, v.version, v.etag, v.revision];
  if (exists) {
    await sql.run(
      `UPDATE dav_objects SET name = ?, uid = ?, body = ?, fields_json = ?, content_type = ?, version = ?, etag = ?,
              revision = ?, updated_at = ?
        WHERE collection_key = ? AND entity_id = ?`,
      [...values, now, CUSTOMERS_KEY, v.partnerId],
    );
    return;
  }
  await sql.run(
    `INSERT INTO dav_objects (name, uid, body, fields_json, content_type, version, etag, revision,
                              collection_key, entity, entity_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'partner', ?, ?, ?)`,
    [...values, CUSTOMERS_KEY, v.partnerId, now, now],
  );
}
