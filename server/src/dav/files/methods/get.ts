import type { FilesMethod, FilesRequest } from '../context';
import { methodNotAllowed, notFound } from '../../errors';
import { contentDisposition } from '../../../domain/documents/names';
import { readDocumentContent } from '../../../domain/documents/service';
import { documentEtag } from '../names';
import { resolveTarget } from '../tree';

/**
 * GET/HEAD of a file: the CRM document's bytes from the blob store with ETag, Content-Type, Content-Length and
 * Last-Modified. Stored files are untrusted, so a browser opening the URL gets them as a sandboxed attachment (the same
 * headers as the REST download). Collections are listed with PROPFIND, not GET.
 */
async function getFile(ctx: FilesRequest, withBody: boolean): Promise<void> {
  const target = await resolveTarget(ctx.scope.actor, ctx.segments);
  if (target.kind === 'root' || target.kind === 'record' || target.kind === 'folder') {
    throw methodNotAllowed('This is a folder: list it with PROPFIND');
  }
  if (target.kind !== 'document') throw notFound('No such file');
  const { document } = target;
  const etag = documentEtag(document.sha256);
  const { res } = ctx;
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', document.updatedAt.toUTCString());
  // If-None-Match (RFC 9110 §13.1.2): a client revalidating its cached copy gets 304 without the body.
  const ifNoneMatch = ctx.req.get('if-none-match');
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*')) {
    res.status(304).end();
    return;
  }
  res.setHeader('Content-Type', document.mediaType);
  res.setHeader('Content-Length', String(document.size));
  res.setHeader('Content-Disposition', contentDisposition(target.name));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  if (!withBody) {
    res.status(200).end();
    return;
  }
  const content = await readDocumentContent(ctx.scope.services.blobs, document);
  res.status(200).end(content);
}

export const get: FilesMethod = (ctx) => getFile(ctx, true);
export const head: FilesMethod = (ctx) => getFile(ctx, false);
