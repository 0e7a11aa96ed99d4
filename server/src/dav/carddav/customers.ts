import { changesSince } from '../../domain/changes/service';
import { collections } from '../../domain/changes/collections';
import { reportsRemoval } from '../../domain/changes/seen-by';
import { seesEverything } from '../../access/policy';
import { setPartnerArchived } from '../../domain/partners/service';
import type {
  DavCollection,
  DavCollectionKind,
  DavItem,
  DavItemMeta,
  DavScope,
  DavWriteScope,
} from '../collections/types';
import { createPartnerFromCard, domainContext, updatePartnerFromCard } from '../mapping/partner-write';
import {
  addressBookProps,
  contentTypeFor,
  MAX_VCARD_BYTES,
  parseCardForPut,
  representCard,
  VCARD_CONTENT_TYPE,
} from './vcard-body';
import { forbidden, uidConflict } from '../errors';
import { itemHref } from '../collections/resolve-path';
import { carddav, dav } from '../xml/namespaces';
import { addressbookQuery } from './query';
import { bodyHash } from '../store/etag';
import {
  cardWriteCandidates,
  customerCardsByName,
  customerChangeStates,
  cardEtag,
  CustomerCardRow,
  derivedCardName,
  storeCardObject,
} from './customer-rows';
import { indexedCardsByName, indexedCustomerCards } from './customers-index';
import { currentCardTexts } from './card-bodies';
import { changeLogVersion } from '../store/change-version';
import { markReusable } from '../collections/reusable';

/**
 * "Customers & contacts": the CRM's partners (companies and contact persons) the actor may see under the access
 * policy, as vCards. Cards a client created keep the name and raw body it sent (dav_objects, key `partners`);
 * partners created in the CRM appear as `<uid>.vcf` rendered from the record.
 * ETag = partner id + revision: every change of the record (REST or DAV) takes a new revision.
 */
const SEGMENT = 'customers';
const KEY = collections.partners();

/**
 * The cards with these names the actor may see: from the customers index outside a write (it is checked against the
 * change log first), from the database inside one (the transaction sees its own writes) or for a few names while the
 * book is not indexed.
 */
async function cardsByName(scope: DavScope | DavWriteScope, names: string[]): Promise<Map<string, CustomerCardRow>> {
  if (!('tx' in scope)) {
    const indexed = await indexedCardsByName(scope, names);
    if (indexed) return indexed;
  }
  return customerCardsByName(scope, names);
}

/**
 * A card's item in one representation (version), made once per card row: rows from the customers index are kept
 * while the card is unchanged, so a phone's repeated multigets get the same item objects (and reports/render.ts
 * their responses) without converting or rendering anything again (scope.caches.cardItems).
 */
async function itemsFor(scope: DavScope | DavWriteScope, names: string[], version?: string): Promise<DavItem[]> {
  const rows = await cardsByName(scope, names);
  const representation = version ?? '';
  const items: DavItem[] = [];
  const unmade = new Map<string, CustomerCardRow>();
  for (const [name, row] of rows) {
    const made = scope.caches.cardItems.get(row)?.get(representation);
    if (made && made.name === name) items.push(made);
    else unmade.set(name, row);
  }
  if (!unmade.size) return items;
  const texts = await currentCardTexts(scope, [...unmade.values()]);
  for (const [name, row] of unmade) {
    const text = texts.get(row.id);
    if (text === undefined) continue;
    const body = representCard(text, version ? { version } : undefined);
    const item = markReusable(scope, {
      name,
      etag: cardEtag(row),
      contentType: contentTypeFor(body),
      lastModified: row.updatedAt,
      body,
    });
    if (!('tx' in scope)) {
      const made = scope.caches.cardItems.get(row) ?? new Map<string, DavItem>();
      made.set(representation, item);
      scope.caches.cardItems.set(row, made);
    }
    items.push(item);
  }
  return items;
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
    return indexedCustomerCards(scope);
  },

  get: (scope, names, want) => itemsFor(scope, names, want?.version),

  async head(scope, name) {
    const row = (await customerCardsByName(scope, [name])).get(name);
    return row ? { name, etag: cardEtag(row), contentType: VCARD_CONTENT_TYPE, lastModified: row.updatedAt } : null;
  },

  async put(scope, name, body, contentType, precondition) {
    const card = parseCardForPut(body, contentType);
    const { named, sameUid } = await cardWriteCandidates(scope, name, card.uid);
    // A name that addresses a partner the actor may not change creates a new card (its UID then decides).
    const existing = named?.writable ? named : null;
    // A partner the actor cannot see does not exist in its view: its UID is not "taken" for this client, or a
    // 409 would confirm that a hidden customer has it. The card then gets a partner of its own under a fresh
    // identity (the client's UID stays on the stored card, which is what the client reads back).
    const hiddenUid = sameUid !== null && !sameUid.visible;
    if (sameUid && !hiddenUid && sameUid.id !== existing?.id) {
      // RFC 6352 §6.3.2.1: name the resource that already has the UID (its stored name, or the derived one).
      const href = sameUid.writable
        ? itemHref('addressbooks', scope.actor.email, SEGMENT, sameUid.storedName ?? derivedCardName(sameUid.uid))
        : null;
      throw uidConflict('Another card in this address book has the same UID', href);
    }
    // Item names are one namespace for the whole book (dav_objects), so a name a client gave a card the actor may
    // not change cannot be reused: refused like any write the actor has no privilege for (RFC 3744 §7.1.1).
    if (named && !existing && named.storedName === name) throw forbidden('You may not change this card');
    // The item at this name is the partner the write would change (head() finds exactly that one), or none.
    precondition.check(existing?.etag ?? null);
    // What the CRM understood of the card: GET re-applies only later changes of these fields onto the raw body.
    const { partner, understood } = existing
      ? await updatePartnerFromCard(scope, existing.id, card.fields)
      : await createPartnerFromCard(scope, card.fields, hiddenUid ? null : card.uid);
    const etag = bodyHash(body);
    await storeCardObject(scope, Boolean(existing?.storedName), {
      partnerId: partner.id,
      name,
      uid: card.uid,
      body,
      fieldsJson: JSON.stringify(understood),
      contentType: contentTypeFor(body),
      version: card.version,
      etag,
      revision: partner.revision,
    });
    return { created: !existing, etag: cardEtag({ id: partner.id, revision: partner.revision, objectEtag: etag }) };
  },

  async delete(scope, name) {
    const { named } = await cardWriteCandidates(scope, name, null);
    // Deleting on a phone archives the customer: its leads, mails and history stay in the CRM (and unarchiving
    // brings the card back under the same name).
    if (named?.writable) await setPartnerArchived(domainContext(scope), named.id, true);
  },

  async changes(scope, since, limit) {
    const page = await changesSince(scope.services.sequelize, KEY, since, limit);
    const { live, names } = await customerChangeStates(
      scope,
      page.changes.map((c) => c.entityId),
    );
    const changed: string[] = [];
    const removed: string[] = [];
    const reader = { userId: scope.actor.userId, seesEverything: seesEverything(scope.actor) };
    for (const change of page.changes) {
      const name = names.get(change.entityId) ?? (change.uid ? derivedCardName(change.uid) : null);
      if (!name) continue;
      if (!change.deleted && live.has(change.entityId)) changed.push(name);
      // Deleted, archived, or no longer in the actor's scope (e.g. reassigned to another salesperson): gone from
      // this book (RFC 6578 §3.5.2) — reported only to a reader who could see it, since the name is the card's UID
      // (domain/changes/seen-by.ts; no access query per entry).
      else if (reportsRemoval(change, reader, { collection: KEY, since })) removed.push(name);
    }
    return { changed, removed, revision: page.nextRevision, truncated: page.truncated };
  },

  syncRevision: async (scope) => (await changeLogVersion(scope.services.sequelize, KEY, scope.versionAhead)).revision,
};

export const customersAddressBookKind: DavCollectionKind = {
  home: 'addressbooks',
  list: async () => [customersBook],
  find: async (_scope, segment) => (segment === SEGMENT ? customersBook : null),
  changeLogOf: (segment) => (segment === SEGMENT ? KEY : null),
};
