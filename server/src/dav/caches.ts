import { LRUCache } from 'lru-cache';
import type { XmlNode } from './xml/multistatus';
import type { DavItem, DavItemMeta } from './collections/types';
import type { CustomersIndex } from './carddav/customers-index';
import type { CustomerCardRow } from './carddav/customer-rows';
import type { CalendarIndex } from './caldav/calendar-index';
import type { OccurrenceMemo } from './caldav/occurrence-summary';
import { VersionedIndexes } from './store/versioned-indexes';

/**
 * Everything DAV keeps in a server process between requests, made once by the composition root (app.ts) and handed
 * to every request in its scope — no module holds a cache of its own, so two apps in one process (tests, a second
 * server) never share one, and `AKTE_DAV_CACHE=off` runs with none. Each is checked against the database on every
 * request (change-log versions, ETag stamps read anew), so several server processes stay correct; what each holds
 * and why that is enough is said where it is used. Memory per process: dav/README.md ("Caches and memory").
 */
export interface DavCaches {
  enabled: boolean;
  /** Customers & contacts per viewer class (carddav/customers-index.ts). */
  customers: VersionedIndexes<CustomersIndex>;
  /** Calendars' names, stamps and bounds (caldav/calendar-index.ts). */
  calendars: VersionedIndexes<CalendarIndex>;
  /** Card texts by partner id at their ETag stamp (carddav/card-bodies.ts). */
  cardTexts: Memo<number, { stamp: string; text: string }>;
  /** Rendered calendar items by (calendar, UID, viewer, ETag, zone) (caldav/rendered-items.ts). */
  renders: Memo<string, string>;
  /** Instance times by body (caldav/occurrence-summary.ts). */
  occurrences: Memo<string, OccurrenceMemo>;
  /** Items handed out again unchanged (collections/reusable.ts), and what was made of them. */
  reusable: { add(item: DavItemMeta): unknown; has(item: DavItemMeta): boolean };
  /** A reusable item's `<d:response>` (reports/render.ts). */
  responses: Memo<DavItemMeta, { key: string; node: XmlNode }>;
  /** A card row's items per representation (carddav/customers.ts). */
  cardItems: Memo<CustomerCardRow, Map<string, DavItem>>;
}

/** What the caches above are used as: a map that may forget (or, switched off, never remember). */
export interface Memo<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

const forgetful = <K, V>(): Memo<K, V> => ({ get: () => undefined, set: () => undefined });

/** Card texts: at most this many characters (~64 MB of UTF-16). */
const CARD_TEXT_CHARS = 32_000_000;

/**
 * Bounds of the versioned indexes. Customers: measured ~1.4 KB a card listed, ~2.6 KB once fetched (its item and
 * responses are kept on it; dav/README.md, "Caches and memory"), so at most some 500 MB; a bigger book is read from the
 * database each time. Calendars: well under 1 KB an item. Changed entries beyond MAX_DELTA are read by building anew (one statement instead of a long IN list).
 */
const MAX_DELTA = 500;
const MAX_INDEXED_ITEMS = 200_000;

export function createDavCaches(enabled: boolean): DavCaches {
  return {
    enabled,
    customers: new VersionedIndexes<CustomersIndex>({
      enabled,
      maxDelta: MAX_DELTA,
      maxSize: MAX_INDEXED_ITEMS,
      maxIndexes: 1000,
      sizeOf: (index) => index.cards.size,
    }),
    calendars: new VersionedIndexes<CalendarIndex>({
      enabled,
      maxDelta: MAX_DELTA,
      maxSize: MAX_INDEXED_ITEMS,
      maxIndexes: 200,
      sizeOf: (index) => index.entries.size,
    }),
    cardTexts: enabled
      ? new LRUCache<number, { stamp: string; text: string }>({
          maxSize: CARD_TEXT_CHARS,
          sizeCalculation: (entry) => entry.text.length + entry.stamp.length + 64,
        })
      : forgetful(),
    // A rendered body is typically under 1 KB: a few MB.
    renders: enabled ? new LRUCache<string, string>({ max: 20_000 }) : forgetful(),
    occurrences: enabled ? new LRUCache<string, OccurrenceMemo>({ max: 20_000 }) : forgetful(),
    reusable: enabled ? new WeakSet<DavItemMeta>() : { add: () => undefined, has: () => false },
    responses: enabled ? new WeakMap() : forgetful(),
    cardItems: enabled ? new WeakMap() : forgetful(),
  };
}
