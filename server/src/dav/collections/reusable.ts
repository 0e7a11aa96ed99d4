import type { DavItemMeta, DavScope } from './types';

/**
 * Item objects a collection hands out again, unchanged, for as long as the item is unchanged (the customers index
 * keeps one per card and change-log version). They must never be mutated. A phone's repeated listings and multigets
 * of such items get each `<d:response>` built once per viewer, property set and representation
 * (reports/render.ts), instead of on every request. The marks are the process's DAV caches (dav/caches.ts): with
 * caches off, nothing is reusable.
 */
export function markReusable<T extends DavItemMeta>(scope: DavScope, item: T): T {
  scope.caches.reusable.add(item);
  return item;
}

export const isReusable = (scope: DavScope, item: DavItemMeta): boolean => scope.caches.reusable.has(item);
