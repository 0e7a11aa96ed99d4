import type { Sequelize, Transaction } from 'sequelize';
import type { Actor } from '../access/actor';
import type { BlobStore } from './documents/blob-store';

/**
 * What a domain service needs to act: who acts, the database, and the transaction of the current request.
 * Services never open their own transaction: the API (or CLI, DAV, filing) wraps one request in one transaction.
 */
export interface DomainContext {
  actor: Actor;
  sequelize: Sequelize;
  tx: Transaction;
  blobs: BlobStore;
}
