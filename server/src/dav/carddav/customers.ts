import { Op, QueryTypes } from 'sequelize';
import { applyContactFields, ContactFields, renderVCard } from '@akte/core';
import { partnerScope, within } from '../../access/policy';
import { Partner } from '../../domain/partners/model';
import { changesSince } from '../../domain/changes/service';
import { collections } from '../../domain/changes/collections';
import { setPartnerArchived } from '../../domain/partners/service';
import type {
  DavCollection,
  DavCollectionKind,
  DavItem,
  DavItemMeta,
  DavScope,
  DavWriteScope,
} from '../collections/types';
import { DavObject } from '../store/model';
import { CARD_FIELD_COLUMNS, partnerFields } from '../mapping/partner-fields';
import { createPartnerFromCard, domainContext, updatePartnerFromCard } from '../mapping/partner-write';
import {
  addressBookProps,
  contentTypeFor,
  MAX_VCARD_BYTES,
  parseCardForPut,
  representCard,
  VCARD_CONTENT_TYPE,
} from './vcard-body';
import { uidConflict } from '../errors';
import { itemHref } from '../collections/resolve-path';
import { carddav, dav } from '../xml/namespaces';
import { addressbookQuery } from './query';
import { bodyHash } from '../store/etag';

/**
 * "Customers & contacts": the CRM's partners (companies and contact persons) the actor may see under the access
 * policy, as vCards. Cards a client created keep the name and raw body it sent (dav_objects, key `partners`);
 * partners created in the CRM appear as `<uid>.vcf` rendered from the record.
 * ETag = partner id + revision: every change of the record (REST or DAV) takes a new revision.
 */
const SEGMENT = 'customers';
const KEY = collections.partners();

const etagOf = (partner: Pick<Partner, 'id' | 'revision'>, object: Pick<DavObject, 'etag'> | undefined): string =>
  `"p${partner.id}-${Number(partner.revision)}${object ? `-${object.etag.replace(/"/g, '').slice(0, 8)}` : ''}"`;

const derivedName = (uid: string): string => `${uid}.vcf`;

type StoredCard = Pick<DavObject, 'name' | 'entityId' | 'body' | 'etag'> & { fieldsJson: ContactFields | null };

/** The stored bodies of client-written cards, as plain rows (a multiget reads a hundred at a time). */
async function objectsForPartners(ids: number[], tx?: DavWriteScope['tx']): Promise<Map<number, StoredCard>> {
  if (!ids.length) return new Map();
  const rows = (await DavObject.findAll({
    where: { collectionKey: KEY, entityId: { [Op.in]: ids } },
    attributes: ['name', 'entityId', 'body', 'etag', 'fieldsJson'],
    transaction: tx,
    raw: true,
  })) as unknown as Array<Omit<StoredCard, 'fieldsJson'> & { fieldsJson: string | null }>;
  return new Map(
    rows.map((r) => [
      r.entityId!,
      { ...r, fieldsJson: r.fieldsJson ? (JSON.parse(r.fieldsJson) as ContactFields) : null },
    ]),
  );
}

/** Item names → partner ids: stored names first, then `<uid>.vcf` for partners no client has named. */
async function partnerIdsByName(names: string[], tx?: DavWriteScope['tx']): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (!names.length) return result;
  const stored = await DavObject.findAll({
    where: { collectionKey: KEY, name: { [Op.in]: names } },
    attributes: ['name', 'entityId'],
    transaction: tx,
    raw: true,
  });
  for (const row of stored) if (row.entityId !== null) result.set(row.name, row.entityId);
  const uids = names.filter((n) => !result.has(n) && n.endsWith('.vcf')).map((n) => n.slice(0, -4));
  if (uids.length) {
    const partners = await Partner.findAll({
      where: { uid: { [Op.in]: uids } },
      attributes: ['id', 'uid'],
      transaction: tx,
    });
    const named = await objectsForPartners(
      partners.map((p) => p.id),
      tx,
    );
    // A partner a client named answers only under that name.
    for (const p of partners) if (!named.has(p.id)) result.set(derivedName(p.uid), p.id);
  }
  return result;
}

/** What a card is made of (partner-fields.ts) and what its ETag and date need; reading no other column halves the cost. */
const CARD_ATTRIBUTES = [...CARD_FIELD_COLUMNS, 'uid', 'revision', 'updatedAt'];

function visiblePartners(
  scope: DavScope,
  where: object,
  tx?: DavWriteScope['tx'],
  attributes?: readonly string[],
): Promise<Partner[]> {
  return Partner.findAll({
    where: within(partnerScope(scope.actor), { archived: false, ...where }),
    ...(attributes ? { attributes: [...attributes] } : {}),
    transaction: tx,
  });
}

async function itemsFor(
  scope: DavScope,
  names: string[],
  version?: string,
  tx?: DavWriteScope['tx'],
): Promise<DavItem[]> {
  const ids = await partnerIdsByName(names, tx);
  const partners = await visiblePartners(scope, { id: { [Op.in]: [...new Set(ids.values())] } }, tx, CARD_ATTRIBUTES);
  const [fields, objects] = await Promise.all([
    partnerFields(partners, tx),
    objectsForPartners(
      partners.map((p) => p.id),
      tx,
    ),
  ]);
  const byId = new Map(partners.map((p) => [p.id, p]));
  const items: DavItem[] = [];
  for (const [name, id] of ids) {
    const partner = byId.get(id);
    if (!partner) continue;
    const object = objects.get(id);
    const current = fields.get(id)!;
    const raw = object?.body
      ? applyContactFields(object.body, object.fieldsJson ?? current, current)
      : renderVCard(current, partner.uid, '3.0');
    const body = representCard(raw, version ? { version } : undefined);
    items.push({
      name,
      etag: etagOf(partner, object),
      contentType: contentTypeFor(body),
      lastModified: partner.updatedAt,
      body,
    });
  }
  return items;
}

async function lastRevision(scope: DavScope): Promise<number> {
  const [row] = await scope.services.sequelize.query<{ rev: number | string | null }>(
    'SELECT MAX(revision) AS rev FROM changes WHERE collection = :collection',
    { replacements: { collection: KEY }, type: QueryTypes.SELECT },
  );
  return Number(row?.rev ?? 0);
}

const customersBook: DavCollection = {
  segment: SEGMENT,
  resourceTypes: [carddav('addressbook')],
  itemContentType: VCARD_CONTENT_TYPE,
  maxResourceSize: MAX_VCARD_BYTES,
  reports: [carddav('addressbook-multiget'), carddav('addressbook-query'), dav('sync-collection')],
  queries: { [carddav('addressbook-query')]: (scope, request) => addressbookQuery(customersBook, scope, request) },
  writable: true,

  properties: async () => addressBookProps('Customers & contacts', 'The CRM’s customers and contact persons'),

  async list(scope): Promise<DavItemMeta[]> {
    const partners = await Partner.findAll({
      where: within(partnerScope(scope.actor), { archived: false }),
      attributes: ['id', 'uid', 'revision', 'updatedAt'],
    });
    const objects = await DavObject.findAll({
      where: { collectionKey: KEY, entityId: { [Op.ne]: null } },
      attributes: ['name', 'entityId', 'etag', 'version'],
    });
    const byPartner = new Map(objects.map((o) => [o.entityId!, o]));
    return partners.map((p) => {
      const object = byPartner.get(p.id);
      return {
        name: object?.name ?? derivedName(p.uid),
        etag: etagOf(p, object),
        contentType: `text/vcard; charset=utf-8; version=${object?.version ?? '3.0'}`,
        lastModified: p.updatedAt,
      };
    });
  },

  get: (scope, names, want) => itemsFor(scope, names, want?.version),

  async head(scope, name) {
    const [item] = await itemsFor(scope, [name], undefined, scope.tx);
    return item ?? null;
  },

  async put(scope, name, body, contentType) {
    const card = parseCardForPut(body, contentType);
    const ids = await partnerIdsByName([name], scope.tx);
    const existingId = ids.get(name);
    const [existing] = existingId ? await visiblePartners(scope, { id: existingId }, scope.tx) : [];
    if (card.uid) {
      const clash = await Partner.findOne({
        where: { uid: card.uid },
        attributes: ['id', 'uid'],
        transaction: scope.tx,
      });
      if (clash && clash.id !== existing?.id) {
        // RFC 6352 §6.3.2.1: name the resource that already has the UID (its stored name, or the derived one).
        const [seen] = await visiblePartners(scope, { id: clash.id }, scope.tx);
        const other = await DavObject.findOne({
          where: { collectionKey: KEY, entityId: clash.id },
          transaction: scope.tx,
        });
        const href = seen
          ? itemHref('addressbooks', scope.actor.email, SEGMENT, other?.name ?? derivedName(clash.uid))
          : null;
        throw uidConflict('Another card in this address book has the same UID', href);
      }
    }
    const partner = existing
      ? await updatePartnerFromCard(scope, existing, card.fields)
      : await createPartnerFromCard(scope, card.fields, card.uid);
    // The service returns the partner as written (its revision included), so no reload is needed.
    // What the CRM understood of the card: GET re-applies only later changes of these fields onto the raw body.
    const understood = (await partnerFields([partner], scope.tx)).get(partner.id)!;
    const values = {
      body,
      fieldsJson: understood,
      uid: card.uid,
      version: card.version,
      contentType: contentTypeFor(body),
      etag: bodyHash(body),
      revision: partner.revision,
    };
    const object = await DavObject.findOne({
      where: { collectionKey: KEY, entityId: partner.id },
      transaction: scope.tx,
    });
    const stored = object
      ? await object.update({ ...values, name }, { transaction: scope.tx })
      : await DavObject.create(
          { collectionKey: KEY, name, entity: 'partner', entityId: partner.id, ...values },
          { transaction: scope.tx },
        );
    return { created: !existing, etag: etagOf(partner, stored) };
  },

  async delete(scope, name) {
    const id = (await partnerIdsByName([name], scope.tx)).get(name);
    // Deleting on a phone archives the customer: its leads, mails and history stay in the CRM (and unarchiving
    // brings the card back under the same name).
    if (id) await setPartnerArchived(domainContext(scope), id, true);
  },

  async changes(scope, since, limit) {
    const page = await changesSince(scope.services.sequelize, KEY, since, limit);
    const ids = page.changes.map((c) => c.entityId);
    const [visible, objects] = await Promise.all([
      Partner.findAll({
        where: within(partnerScope(scope.actor), { id: { [Op.in]: ids } }),
        attributes: ['id', 'uid', 'archived'],
      }),
      objectsForPartners(ids),
    ]);
    const byId = new Map(visible.map((p) => [p.id, p]));
    const changed: string[] = [];
    const removed: string[] = [];
    for (const change of page.changes) {
      const name = objects.get(change.entityId)?.name ?? (change.uid ? derivedName(change.uid) : null);
      if (!name) continue;
      const partner = byId.get(change.entityId);
      if (change.deleted) removed.push(name);
      else if (partner && !partner.archived) changed.push(name);
      // Archived, or no longer in the actor's scope (e.g. reassigned to another salesperson): gone from this book.
      // Reporting the href of a card the client never had is harmless (RFC 6578 §3.5.2 lets clients ignore it) and
      // reveals only an opaque name, never the card.
      else removed.push(name);
    }
    return { changed, removed, revision: page.nextRevision, truncated: page.truncated };
  },

  syncRevision: lastRevision,
};

export const customersAddressBookKind: DavCollectionKind = {
  home: 'addressbooks',
  list: async () => [customersBook],
  find: async (_scope, segment) => (segment === SEGMENT ? customersBook : null),
};
