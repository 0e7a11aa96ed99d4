import type { DavMethod, DavRequestContext } from '../context';
import type { DavRepresentation } from '../collections/types';
import { requireCollection } from '../collections/lookup';
import { methodNotAllowed, notFound } from '../errors';

/**
 * The representation asked for with Accept (RFC 6352 §5.1.1: `text/vcard; version=4.0`). Absent or `*\/*` = as stored.
 * Pure.
 */
export function representationFromAccept(accept: string | undefined): DavRepresentation {
  if (!accept) return {};
  const version = /version\s*=\s*"?([34]\.0)"?/i.exec(accept)?.[1];
  return version ? { contentType: 'text/vcard', version } : {};
}

async function getItem(ctx: DavRequestContext, withBody: boolean): Promise<void> {
  const { path, scope } = ctx;
  if (path.type !== 'item') throw methodNotAllowed('GET is answered for items only; use PROPFIND on collections');
  const collection = await requireCollection(scope, path.home, path.user, path.collection);
  const [item] = await collection.get(scope, [path.item], representationFromAccept(ctx.req.get('accept')));
  if (!item) throw notFound('No such item');
  ctx.res
    .status(200)
    .set({ ETag: item.etag, 'Content-Type': item.contentType, 'Last-Modified': item.lastModified.toUTCString() });
  if (withBody) ctx.res.send(item.body);
  else ctx.res.set('Content-Length', String(Buffer.byteLength(item.body))).end();
}

export const get: DavMethod = (ctx) => getItem(ctx, true);
export const head: DavMethod = (ctx) => getItem(ctx, false);
