import { Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { actorOf, withDomain } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseBody, parseId, parseQuery } from '../validate';
import { archiveLead, duplicateLead, markLost, markWon, restoreLead } from '../../domain/leads/actions';
import { convertLead } from '../../domain/leads/convert';
import { LeadDto, leadDtos } from '../../domain/leads/dto';
import { groupLeads } from '../../domain/leads/grouped';
import { listLeads } from '../../domain/leads/list';
import type { Lead } from '../../domain/leads/model';
import { createLead, deleteLead, getLeadDto, updateLead } from '../../domain/leads/service';
import type { DomainContext } from '../../domain/context';
import {
  convertBody,
  convertOut,
  emptyBody,
  leadCreateBody,
  leadGroupedQuery,
  leadGroupsOut,
  leadListQuery,
  leadOut,
  leadPageOut,
  leadPatchBody,
  lostBody,
} from './schemas';

const tag = 'leads';

/** Leads and opportunities (one model, Odoo's crm.lead): CRUD, pipeline actions, conversion and grouped totals. */
export function leadsRouter(): Router {
  const router = Router();
  router.use(requireActor);
  mountQueries(router);
  mountCrud(router);
  mountActions(router);
  return router;
}

async function respondLead(lead: Lead, ctx: DomainContext): Promise<LeadDto> {
  const [dto] = await leadDtos([lead], ctx.tx);
  return dto;
}

function mountQueries(router: Router): void {
  documentRoute({
    method: 'get',
    path: '/leads',
    tag,
    summary: 'List leads and opportunities',
    query: leadListQuery,
    response: leadPageOut,
  });
  router.get('/', async (req, res) => {
    const query = parseQuery(leadListQuery, req);
    res.json(await listLeads(actorOf(req), query));
  });

  documentRoute({
    method: 'get',
    path: '/leads/grouped',
    tag,
    summary: 'Counts, expected and weighted revenue per stage, salesperson, team or state (kanban columns, reports)',
    query: leadGroupedQuery,
    response: leadGroupsOut,
  });
  router.get('/grouped', async (req, res) => {
    const { by, ...filters } = parseQuery(leadGroupedQuery, req);
    res.json(await groupLeads(actorOf(req), by, filters));
  });
}

function mountCrud(router: Router): void {
  documentRoute({
    method: 'post',
    path: '/leads',
    tag,
    summary: 'Create a lead or opportunity',
    body: leadCreateBody,
    response: leadOut,
    status: 201,
  });
  router.post('/', async (req, res) => {
    const input = parseBody(leadCreateBody, req);
    res.status(201).json(await withDomain(req, async (ctx) => respondLead(await createLead(ctx, input), ctx)));
  });

  documentRoute({ method: 'get', path: '/leads/:id', tag, summary: 'Get a lead', response: leadOut });
  router.get('/:id', async (req, res) => {
    res.json(await getLeadDto(actorOf(req), parseId(req)));
  });

  documentRoute({
    method: 'patch',
    path: '/leads/:id',
    tag,
    summary: 'Change a lead (stage moves write a stage trace)',
    body: leadPatchBody,
    response: leadOut,
  });
  router.patch('/:id', async (req, res) => {
    const id = parseId(req);
    const patch = parseBody(leadPatchBody, req);
    res.json(await withDomain(req, async (ctx) => respondLead(await updateLead(ctx, id, patch), ctx)));
  });

  documentRoute({ method: 'delete', path: '/leads/:id', tag, summary: 'Delete a lead', status: 204 });
  router.delete('/:id', async (req, res) => {
    const id = parseId(req);
    await withDomain(req, (ctx) => deleteLead(ctx, id));
    res.status(204).end();
  });
}

type LeadAction = (ctx: DomainContext, id: number) => Promise<Lead>;

function mountActions(router: Router): void {
  const simple: Array<[string, string, LeadAction, number]> = [
    ['won', 'Mark won: first "won" stage, probability 100', markWon, 200],
    ['restore', 'Restore a lost, won or archived lead to the open pipeline', restoreLead, 200],
    ['archive', 'Archive (deactivate) a lead', archiveLead, 200],
    ['duplicate', 'Copy a lead as a new open record "<name> (copy)"', duplicateLead, 201],
  ];
  for (const [action, summary, run, status] of simple) {
    documentRoute({ method: 'post', path: `/leads/:id/${action}`, tag, summary, response: leadOut, status });
    router.post(`/:id/${action}`, async (req, res) => {
      const id = parseId(req);
      parseBody(emptyBody, req);
      res.status(status).json(await withDomain(req, async (ctx) => respondLead(await run(ctx, id), ctx)));
    });
  }

  documentRoute({
    method: 'post',
    path: '/leads/:id/lost',
    tag,
    summary: 'Mark lost with a reason (409 won_not_reopened: restore a won lead first)',
    body: lostBody,
    response: leadOut,
  });
  router.post('/:id/lost', async (req, res) => {
    const id = parseId(req);
    const input = parseBody(lostBody, req);
    res.json(await withDomain(req, async (ctx) => respondLead(await markLost(ctx, id, input), ctx)));
  });

  documentRoute({
    method: 'post',
    path: '/leads/:id/convert',
    tag,
    summary: 'Convert a lead to an opportunity, linking, matching or creating its partner (409 ambiguous_partner)',
    body: convertBody,
    response: convertOut,
  });
  router.post('/:id/convert', async (req, res) => {
    const id = parseId(req);
    const { partner } = parseBody(convertBody, req);
    const result = await withDomain(req, async (ctx) => {
      const converted = await convertLead(ctx, id, partner);
      return {
        lead: await respondLead(converted.lead, ctx),
        partner: { id: converted.partnerId, by: converted.partnerBy },
      };
    });
    res.json(result);
  });
}
