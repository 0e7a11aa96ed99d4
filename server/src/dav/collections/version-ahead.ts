import type { Sequelize } from 'sequelize';
import { readVersionAhead, type VersionReadAhead } from '../store/change-version';
import type { DavPath } from './resolve-path';
import { kindsOf } from './registry';

/** Methods that only read: what they answer stands on their collection's version. */
const READS = new Set(['GET', 'HEAD', 'PROPFIND', 'REPORT']);

/**
 * The version read of a read request's collection, started before the client is authenticated so that both reads go
 * to the database at once (store/change-version.ts): when the path names a collection or an item in one whose
 * change-log collection its segment alone tells (DavCollectionKind.changeLogOf). Nothing of it reaches a client that
 * is not authenticated, or a request that resolves to another collection.
 */
export function versionAheadFor(sequelize: Sequelize, method: string, path: DavPath): VersionReadAhead | undefined {
  if (!READS.has(method)) return undefined;
  if (path.type !== 'collection' && path.type !== 'item') return undefined;
  for (const kind of kindsOf(path.home)) {
    const collection = kind.changeLogOf?.(path.collection);
    if (collection) return readVersionAhead(sequelize, collection);
  }
  return undefined;
}
