import { Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { actorOf } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseQuery } from '../validate';
import { listRecordHistory } from '../../domain/history/query';
import { listRecentHistory } from '../../domain/history/recent';
import { historyQuery, recentHistoryOut, recentHistoryQuery, tracePageOut } from './schemas';

/**
 * The history ("traces") of one partner or lead: who changed, filed, won or closed what, newest first; and the recent
 * history across my records.
 */
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

  documentRoute({
    method: 'get',
    path: '/history/recent',
    tag: 'history',
    summary:
      "Recent history across my records (leads and partners whose salesperson I am), newest first, with each record's name",
    query: recentHistoryQuery,
    response: recentHistoryOut,
  });
  router.get('/recent', async (req, res) => {
    const { limit } = parseQuery(recentHistoryQuery, req);
    res.json({ items: await listRecentHistory(actorOf(req), limit) });
  });
  return router;
}
