import type { DavCollection, DavHome, DavScope } from './types';
import { kindsOf } from './registry';
import { notFound } from '../errors';

/**
 * Only the authenticated user's own principal and homes exist for them; anyone else's answers 404, never 403,
 * so URLs do not reveal which users exist.
 */
export function assertOwnUser(scope: DavScope, user: string): void {
  if (user.toLowerCase() !== scope.actor.email.toLowerCase()) throw notFound('No such principal');
}

export async function listCollections(scope: DavScope, home: DavHome): Promise<DavCollection[]> {
  const lists = await Promise.all(kindsOf(home).map((kind) => kind.list(scope)));
  return lists.flat();
}

export async function findCollection(scope: DavScope, home: DavHome, segment: string): Promise<DavCollection | null> {
  for (const kind of kindsOf(home)) {
    const found = await kind.find(scope, segment);
    if (found) return found;
  }
  return null;
}

export async function requireCollection(
  scope: DavScope,
  home: DavHome,
  user: string,
  segment: string,
): Promise<DavCollection> {
  assertOwnUser(scope, user);
  const found = await findCollection(scope, home, segment);
  if (!found) throw notFound('No such collection');
  return found;
}
