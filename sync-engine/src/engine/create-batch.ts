import type { IdentityKeys } from './identity';
import type { CrmCreate } from './storage-port';

/** Creates a page may queue before they are committed (the storage may split them further). */
export const CREATE_BATCH = 50;

/**
 * The first-sync creates of one listing page, queued so the storage can commit them in few transactions instead of
 * one each. An item is matched against the CRM (identity.ts) before it is queued, and a queued record is not in the
 * CRM yet: so an item that shares a UID, e-mail or phone with a queued one must wait until the queue is committed —
 * it would otherwise miss the record it should adopt (or the review a duplicate UID needs) and be created twice.
 */
export interface CreateQueue {
  creates: CrmCreate[];
  /** `uid:…`, `email:…`, `phone:…` of everything queued. */
  keys: Set<string>;
}

export const emptyCreateQueue = (): CreateQueue => ({ creates: [], keys: new Set() });

/** The identity keys of a record as strings; the name alone never identifies (it needs a phone, identity.ts). Pure. */
export function keyStrings(keys: IdentityKeys): string[] {
  return [
    ...(keys.uid ? [`uid:${keys.uid}`] : []),
    ...keys.emails.map((e) => `email:${e}`),
    ...keys.phones.map((p) => `phone:${p}`),
  ];
}

/** Whether the queue must be committed before an item with these keys is matched: full, or a key in common. Pure. */
export function mustFlushBefore(queue: CreateQueue, keys: IdentityKeys): boolean {
  if (queue.creates.length >= CREATE_BATCH) return true;
  return keyStrings(keys).some((k) => queue.keys.has(k));
}

/** Queues a create under its keys (and the UID it is created with). Mutates the queue. */
export function enqueueCreate(queue: CreateQueue, create: CrmCreate, keys: IdentityKeys): void {
  queue.creates.push(create);
  for (const k of [...keyStrings(keys), `uid:${create.uid}`]) queue.keys.add(k);
}
