import type { Request } from 'express';
import type { Sequelize, Transaction } from 'sequelize';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Actor } from '../access/actor';
import type { BlobStore } from '../domain/documents/blob-store';
import { UnauthorizedError } from './errors';

/** Long-lived collaborators, built once by the composition root (app.ts). */
export interface Services {
  sequelize: Sequelize;
  config: Config;
  logger: Logger;
  blobs: BlobStore;
}

export interface RequestState {
  services: Services;
  actor?: Actor;
  authMethod?: 'session' | 'token';
  /** The session's CSRF token (session auth only). */
  csrfToken?: string;
}

declare module 'express-serve-static-core' {
  interface Request {
    akte: RequestState;
  }
}

export function servicesOf(req: Request): Services {
  return req.akte.services;
}

export function actorOf(req: Request): Actor {
  const actor = req.akte?.actor;
  if (!actor) throw new UnauthorizedError();
  return actor;
}

/** Attempts of a transaction that loses a deadlock (MySQL/MariaDB): the InnoDB manual's advice is to re-run it. */
const DEADLOCK_ATTEMPTS = 4;

/** Sequelize wraps the driver's error in `parent`; plain statements (db/sql.ts) throw mysql2's error itself. */
const isDeadlock = (err: unknown): boolean => {
  const e = err as { code?: string; parent?: { code?: string } };
  return e.parent?.code === 'ER_LOCK_DEADLOCK' || e.code === 'ER_LOCK_DEADLOCK';
};

/**
 * Runs `work` in one database transaction: every mutating request either writes everything or nothing.
 * On MySQL a deadlock victim was rolled back entirely, so it is re-run (after a short random pause, so that the
 * same two requests do not meet again at the same moment).
 */
export async function inTransaction<T>(req: Request, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const { sequelize } = servicesOf(req);
  for (let attempt = 1; ; attempt++) {
    try {
      return await sequelize.transaction(work);
    } catch (err) {
      if (!isDeadlock(err) || attempt >= DEADLOCK_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

/** Runs `work` in one transaction with a domain context for the authenticated actor. */
export async function withDomain<T>(
  req: Request,
  work: (ctx: import('../domain/context').DomainContext) => Promise<T>,
): Promise<T> {
  const actor = actorOf(req);
  const { sequelize, blobs } = servicesOf(req);
  return inTransaction(req, (tx) => work({ actor, sequelize, tx, blobs }));
}
