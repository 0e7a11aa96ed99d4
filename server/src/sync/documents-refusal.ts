import type { Sequelize, Transaction } from 'sequelize';
import { DocumentRefusedError, type Fence } from '@akte/sync-engine';
import type { Sql } from '../db/sql';
import { DomainError, type DomainErrorKind } from '../domain/errors';
import { fenced } from './leases';

/** What the documents domain refuses of one file (DomainError kinds): the file's fault, not the round's. */
const FILE_REFUSALS: readonly DomainErrorKind[] = [
  'invalid',
  'refused',
  'conflict',
  'too_large',
  'forbidden',
  'not_found',
];

/**
 * A fenced CRM write of one file whose refusal by the documents domain — a sub-folder where the record holds a
 * document of that name, a file over the size limit — is the engine's DocumentRefusedError: the unit of work rolled
 * back, the round reports the file and goes on instead of failing at every round for one file.
 */
export async function fencedFile<T>(
  sequelize: Sequelize,
  fence: Fence,
  write: (tx: Transaction, sql: Sql) => Promise<T>,
): Promise<T> {
  try {
    return await fenced(sequelize, fence, write);
  } catch (err) {
    if (err instanceof DomainError && FILE_REFUSALS.includes(err.kind)) throw new DocumentRefusedError(err.message);
    throw err;
  }
}
