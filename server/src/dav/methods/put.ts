import type { DavMethod } from '../context';
import { inWriteScope } from '../context';
import { requireCollection } from '../collections/lookup';
import type { PutPrecondition } from '../collections/types';
import { checkPreconditions } from '../preconditions';
import { DavError, forbidden, methodNotAllowed, preconditionFailed } from '../errors';
import { el } from '../xml/multistatus';
import { caldav, carddav } from '../xml/namespaces';

/**
 * PUT of one item (RFC 4918 §9.7, RFC 6352 §6.3.2, RFC 4791 §5.3.2): rights → size → one storage call, which checks
 * the preconditions inside the write transaction (so two clients cannot both win an If-Match race) → 201/204.
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
  const headers = { ifMatch: req.get('if-match'), ifNoneMatch: req.get('if-none-match') };
  const precondition: PutPrecondition = {
    conditional: headers.ifMatch !== undefined || headers.ifNoneMatch !== undefined,
    check: (currentEtag) => {
      const check = checkPreconditions(currentEtag, headers);
      if (!check.ok) throw preconditionFailed(check.reason);
    },
  };
  // The collection checks the precondition on what it reads for the write anyway (PutPrecondition).
  const result = await inWriteScope(ctx, (write) =>
    collection.put(write, path.item, ctx.body, req.get('content-type'), precondition),
  );
  if (result.etag) res.set('ETag', result.etag);
  res.status(result.created ? 201 : 204).end();
};
