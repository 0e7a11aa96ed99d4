import type { DavMethod } from '../context';
import { inWriteScope } from '../context';
import { requireCollection } from '../collections/lookup';
import { checkPreconditions } from '../preconditions';
import { DavError, forbidden, methodNotAllowed, preconditionFailed } from '../errors';
import { el } from '../xml/multistatus';
import { caldav, carddav } from '../xml/namespaces';

/**
 * PUT of one item (RFC 4918 §9.7, RFC 6352 §6.3.2, RFC 4791 §5.3.2): rights → size → preconditions (inside the
 * write transaction, so two clients cannot both win an If-Match race) → one storage call → 201/204.
 */
export const put: DavMethod = async (ctx) => {
  const { path, scope, req, res } = ctx;
  if (path.type !== 'item') throw methodNotAllowed('PUT creates items inside a collection');
  const collection = await requireCollection(scope, path.home, path.user, path.collection);
  if (!collection.writable) throw forbidden('This collection is read-only');
  if (Buffer.byteLength(ctx.body) > collection.maxResourceSize) {
    const sizeCondition = collection.resourceTypes.includes(carddav('addressbook'))
      ? carddav('max-resource-size')
      : caldav('max-resource-size');
    throw new DavError(413, `The item is larger than ${collection.maxResourceSize} bytes`, el(sizeCondition));
  }
  const result = await inWriteScope(ctx, async (write) => {
    const current = await collection.head(write, path.item);
    const check = checkPreconditions(current?.etag ?? null, {
      ifMatch: req.get('if-match'),
      ifNoneMatch: req.get('if-none-match'),
    });
    if (!check.ok) throw preconditionFailed(check.reason);
    return collection.put(write, path.item, ctx.body, req.get('content-type'));
  });
  if (result.etag) res.set('ETag', result.etag);
  res.status(result.created ? 201 : 204).end();
};
