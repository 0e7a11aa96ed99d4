import type { DavItemMeta } from './types';

/**
 * Item objects a collection hands out again, unchanged, for as long as the item is unchanged (the customers index
 * keeps one per card and change-log version). They must never be mutated. A phone's repeated listings and multigets
 * of such items get each `<d:response>` built once per viewer, property set and representation
 * (reports/render.ts), instead of on every request.
 */
const reusableItems = new WeakSet<DavItemMeta>();

export function markReusable<T extends DavItemMeta>(item: T): T {
  reusableItems.add(item);
  return item;
}

export const isReusable = (item: DavItemMeta): boolean => reusableItems.has(item);
