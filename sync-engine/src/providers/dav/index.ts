import type {
  CreateOutcome,
  CreateRequest,
  DeleteOutcome,
  ListPage,
  ListRequest,
  RemoteCollectionRef,
  RemoteItem,
  SyncProvider,
  UpdateOutcome,
} from '../provider';
import { DavConnection, type DavConnectionOptions } from './connection';
import { discoverCollections, type DiscoveredCollection } from './discovery';
import { hrefLike } from './hrefs';
import { listChanges } from './list-changes';
import type { ListingAnswer } from './listing-pages';
import { fetchItems } from './multiget';
import { probeCollection, type CollectionCapabilities } from './probe';
import { createItem, deleteItem, updateItem } from './write-item';

export type { DiscoveredCollection } from './discovery';
export type { FetchLike } from './connection';

export interface DavProviderOptions extends DavConnectionOptions {
  /** Entries per listing page handed to the engine (one server answer is cut into pages). Default 500. */
  pageSize?: number;
}

export interface DavProvider extends SyncProvider {
  /** The principal's address books, calendars and task lists (discovery.ts). */
  listCollections(): Promise<DiscoveredCollection[]>;
}

/**
 * The CalDAV/CardDAV provider (one per account). It keeps, in memory only, what each collection supports (asked
 * once) and the listing answers being paged through; nothing it keeps is needed after a crash.
 */
export function createDavProvider(options: DavProviderOptions): DavProvider {
  const connection = new DavConnection(options);
  const known = new Map<string, Promise<CollectionCapabilities>>();
  const capabilities = (href: string) => {
    let probe = known.get(href);
    if (!probe) {
      probe = probeCollection(connection, href);
      known.set(href, probe);
      probe.catch(() => known.delete(href));
    }
    return probe;
  };
  const answers = new Map<string, ListingAnswer>();
  const deps = { connection, capabilities, pageSize: options.pageSize ?? 500, answers };
  const canonical = (collection: RemoteCollectionRef, href: string) =>
    hrefLike(collection.href, href, connection.serverUrl);

  return {
    name: 'dav',
    listCollections: () => discoverCollections(connection),
    listChanges: (collection: RemoteCollectionRef, request: ListRequest): Promise<ListPage> =>
      listChanges(deps, collection, request),
    fetch: async (collection: RemoteCollectionRef, hrefs: string[]): Promise<RemoteItem[]> =>
      fetchItems(
        connection,
        await capabilities(collection.href),
        collection,
        hrefs.map((href) => canonical(collection, href)),
      ),
    create: (_collection: RemoteCollectionRef, request: CreateRequest): Promise<CreateOutcome> =>
      createItem(connection, request),
    update: (href: string, body: string, contentType: string, ifMatch: string | null): Promise<UpdateOutcome> =>
      updateItem(connection, href, body, contentType, ifMatch),
    delete: (href: string, ifMatch: string | null): Promise<DeleteOutcome> => deleteItem(connection, href, ifMatch),
  };
}
