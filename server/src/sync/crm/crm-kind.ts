import type { Transaction } from 'sequelize';
import type { CandidateQuery, CrmChangePage, CrmRecord, Fields } from '@akte/sync-engine';
import type { Actor } from '../../access/actor';
import type { Services } from '../../http/context';
import type { DavWriteScope } from '../../dav/collections/types';
import { createDavCaches } from '../../dav/caches';
import type { ContactScope } from './contact-scope';

/**
 * The CRM side of one record kind, for the storage port: what a synced collection holds, read and written through
 * the domain services as the account's owner (so the access policy, change log and history apply to every sync
 * write exactly as to a REST or CardDAV/CalDAV one). The record ↔ vCard/iCalendar mapping is the one the DAV server
 * uses (dav/mapping/, dav/caldav/event-series.ts): a field means the same whether a phone or the sync engine wrote it.
 */
export interface CrmScope {
  actor: Actor;
  services: Services;
  /** The collection's `crm_scope`: the calendar id of an event collection, null for contacts. */
  crmScope: string | null;
  /** Which partners an address book holds (contact-scope.ts); absent: all the owner may see. */
  contacts?: ContactScope;
  collectionId: number;
}

/** An identity candidate the owner may see but the collection does not hold: a match, but not one to adopt. */
export type CandidateOf = CrmRecord & { outsideScope?: boolean };

export interface CrmKind {
  /** Changes after `after` (0: everything in scope, no tombstones), oldest first; crmIds as this kind names them. */
  changes(scope: CrmScope, after: number, limit: number): Promise<CrmChangePage>;
  read(scope: CrmScope, crmId: string, tx?: Transaction): Promise<CrmRecord | null>;
  candidates(scope: CrmScope, query: CandidateQuery): Promise<CandidateOf[]>;
  /** The record's current revision inside the write transaction (null: gone or out of the owner's view). */
  revision(scope: CrmScope, crmId: string, tx: Transaction): Promise<number | null>;
  create(scope: CrmScope, tx: Transaction, uid: string, fields: Fields): Promise<CrmRecord>;
  /**
   * `create` for several records in one unit of work with bulk statements (a first sync's page), each under the
   * same rules; records in input order. A refusal of any one throws and leaves the unit to be rolled back.
   */
  createMany?(
    scope: CrmScope,
    tx: Transaction,
    creates: ReadonlyArray<{ uid: string; fields: Fields }>,
  ): Promise<CrmRecord[]>;
  update(scope: CrmScope, tx: Transaction, crmId: string, fields: Fields): Promise<CrmRecord>;
  remove(scope: CrmScope, tx: Transaction, crmId: string): Promise<void>;
  /** A person linked this record to the collection (review list): bring it into the collection's scope. */
  admit?(scope: CrmScope, tx: Transaction, crmId: string): Promise<void>;
}

/**
 * The owner may see the record but not change it (a meeting in a colleague's calendar they attend): the CRM
 * keeps its version, the link remembers the merge, and the CRM's version goes out again on its next change.
 */
export class ReadOnlyRecordError extends Error {}

/** The CRM refused a record (a domain validation, a partner still in use): the record is reported, not written. */
export class RecordRefusedError extends Error {}

const caches = createDavCaches(false);

/** The write scope the shared DAV mapping functions take; no DAV caches are involved in a sync write. */
export function writeScopeOf(scope: CrmScope, tx: Transaction): DavWriteScope {
  return { actor: scope.actor, services: scope.services, caches, tx };
}
