import type { DavMethod } from '../context';
import { inWriteScope } from '../context';
import { assertOwnUser, requireCollection } from '../collections/lookup';
import { checkPreconditions } from '../preconditions';
import { forbidden, methodNotAllowed, notFound, preconditionFailed } from '../errors';

/** DELETE of an item, or of a client-created collection (RFC 4918 §9.6). */
export const remove: DavMethod = async (ctx) => {
  const { path, scope, req, res } = ctx;
  if (path.type === 'collection') {
    assertOwnUser(scope, path.user);
    const collection = await requireCollection(scope, path.home, path.user, path.collection);
    if (!collection.remove) throw forbidden('This collection cannot be deleted');
    await inWriteScope(ctx, (write) => collection.remove!(write));
    res.status(204).end();
    return;
  }
  if (path.type !== 'item') throw methodNotAllowed('DELETE removes items or client-created collections');
  const collection = await requireCollection(scope, path.home, path.user, path.collection);
  if (!collection.writable) throw forbidden('This collection is read-only');
  await inWriteScope(ctx, async (write) => {
    const current = await collection.head(write, path.item);
    if (!current) throw notFound('No such item');
    const check = checkPreconditions(current.etag, { ifMatch: req.get('if-match') });
    if (!check.ok) throw preconditionFailed(check.reason);
    await collection.delete(write, path.item);
  });
  res.status(204).end();
};
