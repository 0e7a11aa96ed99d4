import { partnerVisibilityKey } from '../../access/policy';
import type { DavItemMeta, DavScope } from '../collections/types';
import { markReusable } from '../collections/reusable';
import { cardMeta, CUSTOMERS_KEY, CustomerCardRow, derivedCardName, listCustomerCards } from './customer-rows';

/**
 * "Customers & contacts" as one viewer sees it, kept per process at the partners' change-log version: every card's
 * item name, identity, revision and stored-object stamp (no bodies). A phone's initial sync lists the book and then
 * fetches it in multigets of ~100 cards; with the index, each of those requests costs two index probes (the version)
 * instead of a statement with the access rule per card.
 *
 * Why the version is enough: everything the book shows is recorded in the partners' change log — edits of a partner
 * or its stored card, and the changes of other records that move a partner into or out of someone's view or change
 * what its card shows (domain/partners/visibility.ts). What the access rule reads of the viewer is in the index key
 * (policy.ts, partnerVisibilityKey), read from the database with the viewer's token on every request. Revisions
 * commit in increasing order, so an unchanged version means an unchanged book; the version is read before the rows,
 * so an index is never labelled newer than what it holds; and several server processes each check the database on
 * every request and can never answer from a book the database has moved past.
 */
export interface CustomersIndex {
  /** Item name → card: the name a client stored, else `<uid>.vcf`. */
  cards: Map<string, IndexedCard>;
  /** Partner id → its item name (to drop a changed card when catching up). */
  names: Map<number, string>;
  /** A stored name hides a partner's derived name: catching up could not tell when it shows again, so it reloads. */
  shadowed: boolean;
}

/** A card and what a listing shows of it, made once per card and version (reports/render.ts memoizes on it). */
interface IndexedCard {
  row: CustomerCardRow;
  meta: DavItemMeta;
}

/** Requests for fewer cards than this do not load a whole book that is not indexed yet: they ask the database. */
export const INDEX_LOAD_MIN_NAMES = 50;

/** Puts a card under its name unless the name is taken; false when it was (the caller decides what that means). */
function place(scope: DavScope, index: CustomersIndex, name: string, row: CustomerCardRow): boolean {
  if (index.cards.has(name)) return false;
  index.cards.set(name, { row, meta: markReusable(scope, cardMeta(row, name)) });
  index.names.set(row.id, name);
  return true;
}

/** A whole index from the book's rows: stored names first, as a stored name wins over the same derived text. */
function built(scope: DavScope, rows: CustomerCardRow[]): CustomersIndex {
  const index: CustomersIndex = { cards: new Map(), names: new Map(), shadowed: false };
  for (const row of rows) if (row.name !== null) place(scope, index, row.name, row);
  for (const row of rows)
    if (row.name === null && !place(scope, index, derivedCardName(row.uid), row)) index.shadowed = true;
  return index;
}

/**
 * The cached index with the changed partners re-read, or null when that is not possible: a shadowed name, or a
 * changed card whose name collides with another one. The result is a new index beside the cached one, which a
 * concurrent request may still be reading.
 */
async function caughtUp(scope: DavScope, cached: CustomersIndex, changed: string[]): Promise<CustomersIndex | null> {
  if (cached.shadowed) return null;
  const ids = changed.map(Number);
  const rows = ids.length ? await listCustomerCards(scope, ids) : [];
  const index: CustomersIndex = { cards: new Map(cached.cards), names: new Map(cached.names), shadowed: false };
  for (const id of ids) {
    const name = index.names.get(id);
    if (name === undefined) continue;
    index.cards.delete(name);
    index.names.delete(id);
  }
  for (const row of rows) if (!place(scope, index, row.name ?? derivedCardName(row.uid), row)) return null;
  return index;
}

/** The viewer's index at the current version; null when there is none to catch up with and `load` is false. */
function customersIndex(scope: DavScope, load: boolean): Promise<CustomersIndex | null> {
  return scope.caches.customers.current(
    scope.services.sequelize,
    partnerVisibilityKey(scope.actor),
    {
      collection: CUSTOMERS_KEY,
      changedColumn: 'entity_id',
      build: async () => built(scope, await listCustomerCards(scope)),
      catchUp: (cached, changed) => caughtUp(scope, cached, changed),
    },
    load,
    scope.versionAhead,
  );
}

/** What a listing shows of every card the viewer may see (the same objects while the book is unchanged). */
export async function indexedCustomerCards(scope: DavScope): Promise<DavItemMeta[]> {
  return Array.from((await customersIndex(scope, true))!.cards.values(), (card) => card.meta);
}

/**
 * The cards with these names the viewer may see (without bodies), or null when the book is not indexed and too few
 * names are asked for to index it now (the caller then asks the database for just these).
 */
export async function indexedCardsByName(
  scope: DavScope,
  names: string[],
): Promise<Map<string, CustomerCardRow> | null> {
  const index = await customersIndex(scope, names.length >= INDEX_LOAD_MIN_NAMES);
  if (!index) return null;
  const found = new Map<string, CustomerCardRow>();
  for (const name of names) {
    const card = index.cards.get(name);
    if (card) found.set(name, card.row);
  }
  return found;
}
