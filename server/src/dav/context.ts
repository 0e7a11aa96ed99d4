import type { Request, Response } from 'express';
import type { DavPath } from './collections/resolve-path';
import type { DavScope, DavWriteScope } from './collections/types';
import { inTransaction } from '../http/context';

/** Everything a method handler gets: the resolved path, the authenticated scope and the raw body. */
export interface DavRequestContext {
  req: Request;
  res: Response;
  scope: DavScope;
  path: DavPath;
  /** The request path as the client sent it (used as the href of the request-URI). */
  href: string;
  body: string;
}

export type DavMethod = (ctx: DavRequestContext) => Promise<void>;

/** Depth header (RFC 4918 §10.2): PROPFIND defaults to infinity, which we answer as 1 (we never recurse further). */
export function depthOf(ctx: DavRequestContext, fallback: '0' | '1' = '1'): '0' | '1' {
  const header = ctx.req.get('depth')?.trim().toLowerCase();
  if (header === '0') return '0';
  if (header === '1' || header === 'infinity') return '1';
  return fallback;
}

/** Runs a write in the request's single transaction (same retry rule as the REST API). */
export function inWriteScope<T>(ctx: DavRequestContext, work: (scope: DavWriteScope) => Promise<T>): Promise<T> {
  return inTransaction(ctx.req, (tx) => work({ ...ctx.scope, tx }));
}

/**
 * A multistatus or other XML answer. Sent with `end`, not Express's `send`: `send` hashes every body for a weak
 * ETag, which means nothing on a PROPFIND/REPORT answer and costs a SHA-1 over a few hundred KB for a big listing.
 */
export function sendXml(res: Response, status: number, xml: string | string[]): void {
  const chunks = typeof xml === 'string' ? [xml] : xml;
  let length = 0;
  for (const chunk of chunks) length += Buffer.byteLength(chunk, 'utf8');
  res.status(status).set({ 'Content-Type': 'application/xml; charset=utf-8', 'Content-Length': String(length) });
  // Written as they are (Node encodes strings straight into the socket): no copy of the whole answer in one buffer.
  for (const chunk of chunks) res.write(chunk, 'utf8');
  res.end();
}
