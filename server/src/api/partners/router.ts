import { Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { actorOf, withDomain } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseBody, parseId, parseQuery } from '../validate';
import type { DomainContext } from '../../domain/context';
import { callSuggestions } from '../../domain/partners/call-suggestions';
import { deletePartner } from '../../domain/partners/delete-partner';
import { partnerDetailDto } from '../../domain/partners/dto';
import { partnerHistory } from '../../domain/partners/history';
import { groupPartners, listPartners } from '../../domain/partners/list';
import { mergePartners } from '../../domain/partners/merge';
import type { Partner } from '../../domain/partners/model';
import { searchPartners } from '../../domain/partners/search';
import {
  createPartner,
  findVisiblePartner,
  logContact,
  setPartnerArchived,
  updatePartner,
} from '../../domain/partners/service';
import {
  callSuggestionsOut,
  historyPageOut,
  mergeOut,
  partnerDetailOut,
  partnerGroupsOut,
  partnerPageOut,
  searchHitsOut,
} from './responses';
import {
  callSuggestionsQuery,
  emptyBody,
  logContactBody,
  mergeBody,
  partnerCreateBody,
  partnerGroupedQuery,
  partnerHistoryQuery,
  partnerListQuery,
  partnerPatchBody,
  partnerSearchQuery,
} from './schemas';

const tag = 'partners';

/** Partners (companies and contact persons): CRUD, address search, merge, contact log and total history. */
export function partnersRouter(): Router {
  const router = Router();
  router.use(requireActor);
  // Fixed paths before `/:id`, which would otherwise take "search" for an id.
  mountQueries(router);
  mountCrud(router);
  mountActions(router);
  return router;
}

const respond = (ctx: DomainContext) => (partner: Partner) => partnerDetailDto(partner, ctx.tx);

function mountQueries(router: Router): void {
  documentRoute({
    method: 'get',
    path: '/partners',
    tag,
    summary: 'List partners',
    query: partnerListQuery,
    response: partnerPageOut,
  });
  router.get('/', async (req, res) => {
    res.json(await listPartners(actorOf(req), parseQuery(partnerListQuery, req)));
  });

  documentRoute({
    method: 'get',
    path: '/partners/search',
    tag,
    summary: 'Address search: partners and contact persons by name, e-mail or phone (any format)',
    query: partnerSearchQuery,
    response: searchHitsOut,
  });
  router.get('/search', async (req, res) => {
    const { q, limit } = parseQuery(partnerSearchQuery, req);
    res.json({ items: await searchPartners(actorOf(req), q, limit) });
  });

  documentRoute({
    method: 'get',
    path: '/partners/call-suggestions',
    tag,
    summary: 'Whom to call: callbacks due today or overdue, and partners whose contact rhythm has lapsed',
    query: callSuggestionsQuery,
    response: callSuggestionsOut,
  });
  router.get('/call-suggestions', async (req, res) => {
    const { limit } = parseQuery(callSuggestionsQuery, req);
    res.json({ items: await callSuggestions(actorOf(req), limit) });
  });

  documentRoute({
    method: 'get',
    path: '/partners/grouped',
    tag,
    summary: 'Partner counts per category, salesperson or kind (company/person)',
    query: partnerGroupedQuery,
    response: partnerGroupsOut,
  });
  router.get('/grouped', async (req, res) => {
    const { by, ...filters } = parseQuery(partnerGroupedQuery, req);
    res.json(await groupPartners(actorOf(req), by, filters));
  });

  documentRoute({
    method: 'get',
    path: '/partners/:id/history',
    tag,
    summary:
      "The partner's total history: messages, activities, events, documents and changes of it and its leads (a " +
      "company's: also of its contact persons and their leads), newest first",
    query: partnerHistoryQuery,
    response: historyPageOut,
  });
  router.get('/:id/history', async (req, res) => {
    const id = parseId(req);
    res.json(await partnerHistory(actorOf(req), id, parseQuery(partnerHistoryQuery, req)));
  });
}

function mountCrud(router: Router): void {
  documentRoute({
    method: 'post',
    path: '/partners',
    tag,
    summary: 'Create a partner',
    body: partnerCreateBody,
    response: partnerDetailOut,
    status: 201,
  });
  router.post('/', async (req, res) => {
    const input = parseBody(partnerCreateBody, req);
    res.status(201).json(await withDomain(req, async (ctx) => respond(ctx)(await createPartner(ctx, input))));
  });

  documentRoute({ method: 'get', path: '/partners/:id', tag, summary: 'Get a partner', response: partnerDetailOut });
  router.get('/:id', async (req, res) => {
    res.json(await partnerDetailDto(await findVisiblePartner(actorOf(req), parseId(req))));
  });

  documentRoute({
    method: 'patch',
    path: '/partners/:id',
    tag,
    summary: 'Change a partner (emails, phones, addresses and tagIds replace the whole list when given)',
    body: partnerPatchBody,
    response: partnerDetailOut,
  });
  router.patch('/:id', async (req, res) => {
    const id = parseId(req);
    const patch = parseBody(partnerPatchBody, req);
    res.json(await withDomain(req, async (ctx) => respond(ctx)(await updatePartner(ctx, id, patch))));
  });

  documentRoute({
    method: 'delete',
    path: '/partners/:id',
    tag,
    summary: 'Delete a partner (409 while leads, activities, events or documents still refer to it)',
    status: 204,
  });
  router.delete('/:id', async (req, res) => {
    const id = parseId(req);
    await withDomain(req, (ctx) => deletePartner(ctx, id));
    res.status(204).end();
  });
}

function mountActions(router: Router): void {
  for (const [action, archived] of [
    ['archive', true],
    ['unarchive', false],
  ] as const) {
    documentRoute({
      method: 'post',
      path: `/partners/:id/${action}`,
      tag,
      summary: archived ? 'Archive a partner (hidden from lists and matching)' : 'Restore an archived partner',
      response: partnerDetailOut,
    });
    router.post(`/:id/${action}`, async (req, res) => {
      const id = parseId(req);
      parseBody(emptyBody, req);
      res.json(await withDomain(req, async (ctx) => respond(ctx)(await setPartnerArchived(ctx, id, archived))));
    });
  }

  documentRoute({
    method: 'post',
    path: '/partners/:id/merge',
    tag,
    summary:
      'Merge a duplicate into this partner: its leads, messages, documents, activities, events and contacts move here; ' +
      '`take` names the fields whose value comes from the duplicate',
    body: mergeBody,
    response: mergeOut,
  });
  router.post('/:id/merge', async (req, res) => {
    const id = parseId(req);
    const { duplicateId, take } = parseBody(mergeBody, req);
    const result = await withDomain(req, async (ctx) => {
      const merged = await mergePartners(ctx, id, duplicateId, take);
      return { partner: await respond(ctx)(merged.partner), moved: merged.moved };
    });
    res.json(result);
  });

  documentRoute({
    method: 'post',
    path: '/partners/:id/log-contact',
    tag,
    summary: 'Log a contact (call, e-mail, meeting): updates last contact and the contact count',
    body: logContactBody,
    response: partnerDetailOut,
  });
  router.post('/:id/log-contact', async (req, res) => {
    const id = parseId(req);
    const log = parseBody(logContactBody, req);
    res.json(await withDomain(req, async (ctx) => respond(ctx)(await logContact(ctx, id, log))));
  });
}
