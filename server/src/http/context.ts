import type { Request } from 'express';
import type { Sequelize, Transaction } from 'sequelize';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Actor } from '../access/actor';
import type { BlobStore } from '../domain/documents/blob-store';
import { UnauthorizedError } from '../domain/errors';
import { inUnitOfWork } from '../db/unit-of-work';

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

/** Runs `work` in the request's unit of work (db/unit-of-work.ts): everything or nothing is written. */
export function inTransaction<T>(req: Request, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return inUnitOfWork(servicesOf(req).sequelize, work);
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
