import { Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { actorOf } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseQuery } from '../validate';
import { listRecordHistory } from '../../domain/history/query';
import { historyQuery, tracePageOut } from './schemas';

/** The history ("traces") of one partner or lead: who changed, filed, won or closed what, newest first. */
export function historyRouter(): Router {
  const router = Router();
  router.use(requireActor);
  documentRoute({
    method: 'get',
    path: '/history',
    tag: 'history',
    summary: 'History of one record, newest first',
    query: historyQuery,
    response: tracePageOut,
  });
  router.get('/', async (req, res) => {
    res.json(await listRecordHistory(actorOf(req), parseQuery(historyQuery, req)));
  });
  return router;
}
