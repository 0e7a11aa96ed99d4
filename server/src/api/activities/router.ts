import { Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { actorOf, withDomain } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseBody, parseId, parseQuery } from '../validate';
import { activityDto } from '../../domain/activities/dto';
import { listActivities } from '../../domain/activities/list';
import type { ActivityState } from '../../domain/activities/state';
import {
  cancelActivity,
  createActivity,
  deleteActivity,
  findVisibleActivity,
  markActivityDone,
  updateActivity,
} from '../../domain/activities/service';
import {
  activityCreateBody,
  activityListQuery,
  activityOut,
  activityPageOut,
  activityPatchBody,
  emptyBody,
} from './schemas';

const tag = 'activities';

/** Calls, meetings, tasks and e-mails to do: the agenda of each user, linked to a partner or lead. */
export function activitiesRouter(): Router {
  const router = Router();
  router.use(requireActor);

  documentRoute({
    method: 'get',
    path: '/activities',
    tag,
    summary: 'List activities (agenda order: due date ascending)',
    query: activityListQuery,
    response: activityPageOut,
  });
  router.get('/', async (req, res) => {
    const query = parseQuery(activityListQuery, req);
    res.json(await listActivities(actorOf(req), { ...query, state: query.state as ActivityState | undefined }));
  });

  documentRoute({
    method: 'post',
    path: '/activities',
    tag,
    summary: 'Plan or log an activity',
    body: activityCreateBody,
    response: activityOut,
    status: 201,
  });
  router.post('/', async (req, res) => {
    const input = parseBody(activityCreateBody, req);
    res.status(201).json(await withDomain(req, async (ctx) => activityDto(await createActivity(ctx, input))));
  });

  documentRoute({ method: 'get', path: '/activities/:id', tag, summary: 'Get an activity', response: activityOut });
  router.get('/:id', async (req, res) => {
    res.json(activityDto(await findVisibleActivity(actorOf(req), parseId(req))));
  });

  documentRoute({
    method: 'patch',
    path: '/activities/:id',
    tag,
    summary: 'Change an activity',
    body: activityPatchBody,
    response: activityOut,
  });
  router.patch('/:id', async (req, res) => {
    const id = parseId(req);
    const patch = parseBody(activityPatchBody, req);
    res.json(await withDomain(req, async (ctx) => activityDto(await updateActivity(ctx, id, patch))));
  });

  documentRoute({ method: 'delete', path: '/activities/:id', tag, summary: 'Delete an activity', status: 204 });
  router.delete('/:id', async (req, res) => {
    const id = parseId(req);
    await withDomain(req, (ctx) => deleteActivity(ctx, id));
    res.status(204).end();
  });

  const actions = [
    ['done', 'Mark done (writes a "done" entry in the linked record\'s history)', markActivityDone],
    ['cancel', 'Cancel an open activity', cancelActivity],
  ] as const;
  for (const [action, summary, run] of actions) {
    documentRoute({ method: 'post', path: `/activities/:id/${action}`, tag, summary, response: activityOut });
    router.post(`/:id/${action}`, async (req, res) => {
      const id = parseId(req);
      parseBody(emptyBody, req);
      res.json(await withDomain(req, async (ctx) => activityDto(await run(ctx, id))));
    });
  }
  return router;
}
