import { Op } from 'sequelize';
import { applyContactFields, ContactFields, renderVCard } from '@akte/core';
import { Partner } from '../../domain/partners/model';
import type { DavScope, DavWriteScope } from '../collections/types';
import { CARD_FIELD_COLUMNS, partnerFields } from '../mapping/partner-fields';
import { CustomerCardRow, storedCardBodies } from './customer-rows';

const stampOf = (row: CustomerCardRow): string => `${row.revision}:${row.objectEtag ?? ''}`;

/** A stored body is current while the partner is at the revision it was written at; anything else is rendered. */
const storedBodyIsCurrent = (row: CustomerCardRow): boolean =>
  row.objectEtag !== null && row.objectRevision === row.revision;

/**
 * The vCard text of each card as it stands, before conversion to the version a client asks for: the body a client
 * stored while the partner is still at the revision it was written at; otherwise the stored body with the CRM's later
 * changes applied, or, for a partner no client wrote, a card rendered from the record.
 *
 * Kept per process by partner id at the card's stamp (revision and stored-body hash — together its ETag): a card's
 * content changes only with one of them (domain/partners/visibility.ts bumps the revision when another record changes
 * what a card shows), so the same stamp means the same text, whoever reads it — the text does not depend on the
 * viewer, only whether they may see it does, and that is decided before (the index or the access rule in SQL).
 * Nothing read inside a write transaction is cached: its revision could be rolled back and handed out again.
 * The texts are the process's `scope.caches.cardTexts` (dav/caches.ts).
 *
 * Partner id → vCard text, for rows the caller may show. Rows may carry their stored body already (or not).
 */
export async function currentCardTexts(
  scope: DavScope | DavWriteScope,
  rows: CustomerCardRow[],
): Promise<Map<number, string>> {
  const tx = 'tx' in scope ? scope.tx : undefined;
  const result = new Map<number, string>();
  const missing: CustomerCardRow[] = [];
  for (const row of rows) {
    const cached = tx ? undefined : scope.caches.cardTexts.get(row.id);
    if (cached && cached.stamp === stampOf(row)) result.set(row.id, cached.text);
    else missing.push(row);
  }
  if (!missing.length) return result;

  const unread = missing.filter((row) => row.objectEtag !== null && row.body === null).map((row) => row.id);
  const stored = await storedCardBodies(scope, unread);
  for (const row of missing)
    if (row.body !== null) stored.set(row.id, { body: row.body, fieldsJson: row.fieldsJson, etag: row.objectEtag });
  const servedAsStored = (row: CustomerCardRow) => storedBodyIsCurrent(row) && stored.has(row.id);
  const stale = missing.filter((row) => !servedAsStored(row)).map((row) => row.id);
  const partners = stale.length
    ? await Partner.findAll({
        where: { id: { [Op.in]: stale } },
        attributes: [...CARD_FIELD_COLUMNS, 'uid', 'revision', 'updatedAt'],
        transaction: tx,
      })
    : [];
  const fields = partners.length ? await partnerFields(partners, tx) : new Map<number, ContactFields>();
  const revisionRead = new Map(partners.map((p) => [p.id, Number(p.revision)]));

  for (const row of missing) {
    const object = stored.get(row.id);
    let text: string;
    if (object && servedAsStored(row)) text = object.body;
    else {
      const current = fields.get(row.id);
      if (!current) continue; // deleted since the row was read: the card is gone
      const understood = object?.fieldsJson ? (JSON.parse(object.fieldsJson) as ContactFields) : current;
      text = object ? applyContactFields(object.body, understood, current) : renderVCard(current, row.uid, '3.0');
    }
    result.set(row.id, text);
    // Cached only when what was read now is what the row's stamp names (a write may have come in between).
    const readAtStamp =
      (object?.etag ?? null) === row.objectEtag && (servedAsStored(row) || revisionRead.get(row.id) === row.revision);
    if (!tx && readAtStamp) scope.caches.cardTexts.set(row.id, { stamp: stampOf(row), text });
  }
  return result;
}
