import { Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { withDomain } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseBody, parseId, parseQuery } from '../validate';
import { lostReasonDto, stageDto, tagDto } from '../../domain/pipeline/dto';
import { createStage, deleteStage, findStage, listStages, updateStage } from '../../domain/pipeline/stages';
import {
  createLostReason,
  deleteLostReason,
  findLostReason,
  listLostReasons,
  updateLostReason,
} from '../../domain/pipeline/lost-reasons';
import { createTag, deleteTag, findTag, listTags, updateTag } from '../../domain/pipeline/tags';
import {
  listOf,
  lostReasonCreateBody,
  lostReasonListQuery,
  lostReasonOut,
  lostReasonPatchBody,
  stageCreateBody,
  stageListQuery,
  stageOut,
  stagePatchBody,
  tagCreateBody,
  tagListQuery,
  tagOut,
  tagPatchBody,
} from './schemas';

const tag = 'pipeline';

/**
 * Pipeline configuration: stages, lost reasons (administrators change them) and tags (anyone changes them).
 * Mounted at '/', so it defines its own resource paths and guards each route itself (a router-wide guard would
 * also catch requests meant for routers mounted after it).
 */
export function pipelineRouter(): Router {
  const router = Router();
  mountStages(router);
  mountLostReasons(router);
  mountTags(router);
  return router;
}

function mountStages(router: Router): void {
  documentRoute({
    method: 'get',
    path: '/stages',
    tag,
    summary: 'List stages by sequence',
    query: stageListQuery,
    response: listOf(stageOut),
  });
  router.get('/stages', requireActor, async (req, res) => {
    const { teamId } = parseQuery(stageListQuery, req);
    const stages = await listStages(teamId);
    res.json({ items: stages.map(stageDto), nextCursor: null });
  });

  documentRoute({
    method: 'post',
    path: '/stages',
    tag,
    summary: 'Create a stage (admin)',
    body: stageCreateBody,
    response: stageOut,
    status: 201,
  });
  router.post('/stages', requireActor, async (req, res) => {
    const input = parseBody(stageCreateBody, req);
    const stage = await withDomain(req, (ctx) => createStage(ctx, input));
    res.status(201).json(stageDto(stage));
  });

  documentRoute({ method: 'get', path: '/stages/:id', tag, summary: 'Get a stage', response: stageOut });
  router.get('/stages/:id', requireActor, async (req, res) => {
    res.json(stageDto(await findStage(parseId(req))));
  });

  documentRoute({
    method: 'patch',
    path: '/stages/:id',
    tag,
    summary: 'Change a stage (admin)',
    body: stagePatchBody,
    response: stageOut,
  });
  router.patch('/stages/:id', requireActor, async (req, res) => {
    const id = parseId(req);
    const patch = parseBody(stagePatchBody, req);
    const stage = await withDomain(req, (ctx) => updateStage(ctx, id, patch));
    res.json(stageDto(stage));
  });

  documentRoute({
    method: 'delete',
    path: '/stages/:id',
    tag,
    summary: 'Delete an unused stage (admin; 409 while leads use it)',
    status: 204,
  });
  router.delete('/stages/:id', requireActor, async (req, res) => {
    const id = parseId(req);
    await withDomain(req, (ctx) => deleteStage(ctx, id));
    res.status(204).end();
  });
}

function mountLostReasons(router: Router): void {
  documentRoute({
    method: 'get',
    path: '/lost-reasons',
    tag,
    summary: 'List lost reasons',
    query: lostReasonListQuery,
    response: listOf(lostReasonOut),
  });
  router.get('/lost-reasons', requireActor, async (req, res) => {
    const { active } = parseQuery(lostReasonListQuery, req);
    const reasons = await listLostReasons(active === undefined ? undefined : active === 'true');
    res.json({ items: reasons.map(lostReasonDto), nextCursor: null });
  });

  documentRoute({
    method: 'post',
    path: '/lost-reasons',
    tag,
    summary: 'Create a lost reason (admin)',
    body: lostReasonCreateBody,
    response: lostReasonOut,
    status: 201,
  });
  router.post('/lost-reasons', requireActor, async (req, res) => {
    const input = parseBody(lostReasonCreateBody, req);
    const reason = await withDomain(req, (ctx) => createLostReason(ctx, input));
    res.status(201).json(lostReasonDto(reason));
  });

  documentRoute({
    method: 'get',
    path: '/lost-reasons/:id',
    tag,
    summary: 'Get a lost reason',
    response: lostReasonOut,
  });
  router.get('/lost-reasons/:id', requireActor, async (req, res) => {
    res.json(lostReasonDto(await findLostReason(parseId(req))));
  });

  documentRoute({
    method: 'patch',
    path: '/lost-reasons/:id',
    tag,
    summary: 'Change a lost reason (admin)',
    body: lostReasonPatchBody,
    response: lostReasonOut,
  });
  router.patch('/lost-reasons/:id', requireActor, async (req, res) => {
    const id = parseId(req);
    const patch = parseBody(lostReasonPatchBody, req);
    const reason = await withDomain(req, (ctx) => updateLostReason(ctx, id, patch));
    res.json(lostReasonDto(reason));
  });

  documentRoute({
    method: 'delete',
    path: '/lost-reasons/:id',
    tag,
    summary: 'Delete an unused lost reason (admin; 409 while leads use it)',
    status: 204,
  });
  router.delete('/lost-reasons/:id', requireActor, async (req, res) => {
    const id = parseId(req);
    await withDomain(req, (ctx) => deleteLostReason(ctx, id));
    res.status(204).end();
  });
}

function mountTags(router: Router): void {
  documentRoute({
    method: 'get',
    path: '/tags',
    tag,
    summary: 'List tags by name',
    query: tagListQuery,
    response: listOf(tagOut),
  });
  router.get('/tags', requireActor, async (req, res) => {
    const { q } = parseQuery(tagListQuery, req);
    const tags = await listTags(q);
    res.json({ items: tags.map(tagDto), nextCursor: null });
  });

  documentRoute({
    method: 'post',
    path: '/tags',
    tag,
    summary: 'Create a tag (409 when the name exists)',
    body: tagCreateBody,
    response: tagOut,
    status: 201,
  });
  router.post('/tags', requireActor, async (req, res) => {
    const input = parseBody(tagCreateBody, req);
    const created = await withDomain(req, (ctx) => createTag(ctx, input));
    res.status(201).json(tagDto(created));
  });

  documentRoute({ method: 'get', path: '/tags/:id', tag, summary: 'Get a tag', response: tagOut });
  router.get('/tags/:id', requireActor, async (req, res) => {
    res.json(tagDto(await findTag(parseId(req))));
  });

  documentRoute({
    method: 'patch',
    path: '/tags/:id',
    tag,
    summary: 'Rename or recolour a tag',
    body: tagPatchBody,
    response: tagOut,
  });
  router.patch('/tags/:id', requireActor, async (req, res) => {
    const id = parseId(req);
    const patch = parseBody(tagPatchBody, req);
    const updated = await withDomain(req, (ctx) => updateTag(ctx, id, patch));
    res.json(tagDto(updated));
  });

  documentRoute({
    method: 'delete',
    path: '/tags/:id',
    tag,
    summary: 'Delete a tag (removes it from leads and partners)',
    status: 204,
  });
  router.delete('/tags/:id', requireActor, async (req, res) => {
    const id = parseId(req);
    await withDomain(req, (ctx) => deleteTag(ctx, id));
    res.status(204).end();
  });
}
