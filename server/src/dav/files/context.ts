import type { Request, Response } from 'express';
import type { DavScope } from '../collections/types';
import type { DomainContext } from '../../domain/context';
import { inTransaction } from '../../http/context';
import { releaseBlob } from '../../domain/documents/service';

/** Everything a file-tree method handler gets: the decoded path segments below /dav/files/, the actor, the raw body. */
export interface FilesRequest {
  req: Request;
  res: Response;
  /** The file tree keeps nothing between requests: no DAV caches (dav/caches.ts). */
  scope: Pick<DavScope, 'actor' | 'services'>;
  segments: string[];
  body: Buffer;
}

export type FilesMethod = (ctx: FilesRequest) => Promise<void>;

/**
 * Runs a write in the request's one transaction as a documents-domain context. `work` returns the hashes of blobs
 * that may have lost their last reference; they are released only after the commit, so a rollback never leaves a
 * document without its bytes.
 */
export async function inFilesWrite<T>(
  ctx: FilesRequest,
  work: (domain: DomainContext) => Promise<{ result: T; released?: string[] }>,
): Promise<T> {
  const { actor, services } = ctx.scope;
  const { result, released } = await inTransaction(ctx.req, (tx) =>
    work({ actor, sequelize: services.sequelize, tx, blobs: services.blobs }),
  );
  for (const sha256 of new Set(released ?? [])) await releaseBlob(services.blobs, sha256);
  return result;
}

/** Depth (RFC 4918 §10.2) of PROPFIND: infinity is answered as 1, like the CalDAV/CardDAV side (no deep walks). */
export function propfindDepth(req: Request): '0' | '1' {
  return req.get('depth')?.trim() === '0' ? '0' : '1';
}
