import { Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { actorOf, servicesOf } from '../../http/context';
import { GoneError } from '../../domain/errors';
import { documentRoute } from '../openapi';
import { parseQuery } from '../validate';
import { SyncTokenExpiredError } from '../../domain/changes/service';
import { visibleChanges } from './feed';
import { changesOut, changesQuery } from './schemas';

/**
 * The change-tracking feed: what changed in a collection since a revision, for clients that synchronize
 * incrementally (the same log the DAV sync-collection REPORT of RFC 6578 reads).
 */
export function changesRouter(): Router {
  const router = Router();
  router.use(requireActor);
  documentRoute({
    method: 'get',
    path: '/changes',
    tag: 'changes',
    summary: 'Changes of a collection after revision `since` (410 sync_token_expired: resynchronize from 0)',
    query: changesQuery,
    response: changesOut,
  });
  router.get('/', async (req, res) => {
    const query = parseQuery(changesQuery, req);
    try {
      res.json(await visibleChanges(servicesOf(req).sequelize, actorOf(req), query));
    } catch (err) {
      if (!(err instanceof SyncTokenExpiredError)) throw err;
      throw new GoneError(`${err.message}: fetch the collection again from since=0`, 'sync_token_expired', {
        prunedBelow: err.prunedBelow,
      });
    }
  });
  return router;
}
