import { Router } from 'express';
import { z } from 'zod';
import { isAdmin } from '../access/policy';
import { actorOf, servicesOf, withDomain } from '../http/context';
import { documentRoute } from '../api/openapi';
import { parseBody, parseId } from '../api/validate';
import { NotFoundError } from '../domain/errors';
import { GatewayLeadForm } from './lead-form-model';
import { createLeadForm, deleteLeadForm, leadFormDto, updateLeadForm } from './lead-forms';

const tag = 'web-to-lead';
const formBody = z.strictObject({
  teamId: z.number().int().positive(),
  name: z.string().trim().min(1).max(200),
  allowedOrigins: z.array(z.string().max(300)).max(50).optional(),
  minFillSeconds: z.number().int().min(0).max(3600).optional(),
  maxPerIpHour: z.number().int().min(1).max(10_000).optional(),
  enabled: z.boolean().optional(),
  confirmationEmail: z.boolean().optional(),
});
const formOut = z.object({
  id: z.number(),
  teamId: z.number(),
  name: z.string(),
  publicUrl: z.string(),
  jsonUrl: z.string(),
  allowedOrigins: z.array(z.string()),
  minFillSeconds: z.number(),
  maxPerIpHour: z.number(),
  enabled: z.boolean(),
  confirmationEmail: z.boolean(),
  snippet: z.object({ de: z.string(), en: z.string() }),
});

/** /api/v1/lead-forms: the administrators' side of web-to-lead (the public side: public-form-router.ts). */
export function leadFormsRouter(): Router {
  const router = Router();
  const url = (req: Parameters<typeof servicesOf>[0]) => servicesOf(req).config.publicUrl;
  // Forms are configuration: only administrators see them at all (others: 404, as for anything out of scope).
  const adminOnly = (req: Parameters<typeof actorOf>[0], id?: number) => {
    if (!isAdmin(actorOf(req))) throw new NotFoundError('Lead form', id ?? 0);
  };

  documentRoute({
    method: 'get',
    path: '/lead-forms',
    tag,
    summary: 'Web-to-lead forms (administrators)',
    response: formOut.array(),
  });
  router.get('/', async (req, res) => {
    if (!isAdmin(actorOf(req))) return void res.json([]);
    const forms = await GatewayLeadForm.findAll({ order: [['id', 'ASC']] });
    res.json(forms.map((f) => leadFormDto(f, url(req))));
  });

  documentRoute({
    method: 'post',
    path: '/lead-forms',
    tag,
    summary: 'Create a public lead form for a team: its URL, the HTML snippet (de/en) and the JSON variant',
    body: formBody,
    response: formOut,
    status: 201,
  });
  router.post('/', async (req, res) => {
    const body = parseBody(formBody, req);
    const form = await withDomain(req, (ctx) => createLeadForm(ctx, body, servicesOf(req).config));
    res.status(201).json(leadFormDto(form, url(req)));
  });

  documentRoute({
    method: 'get',
    path: '/lead-forms/:id',
    tag,
    summary: 'A lead form with its snippet',
    response: formOut,
  });
  router.get('/:id', async (req, res) => {
    const id = parseId(req);
    adminOnly(req, id);
    const form = await GatewayLeadForm.findByPk(id);
    if (!form) throw new NotFoundError('Lead form', id);
    res.json(leadFormDto(form, url(req)));
  });

  documentRoute({
    method: 'patch',
    path: '/lead-forms/:id',
    tag,
    summary: 'Change a lead form (origins, fill time, limit, enabled, confirmation email)',
    body: formBody.partial(),
    response: formOut,
  });
  router.patch('/:id', async (req, res) => {
    const id = parseId(req);
    adminOnly(req, id);
    const body = parseBody(formBody.partial(), req);
    const form = await withDomain(req, (ctx) => updateLeadForm(ctx, id, body, servicesOf(req).config));
    res.json(leadFormDto(form, url(req)));
  });

  documentRoute({
    method: 'delete',
    path: '/lead-forms/:id',
    tag,
    summary: 'Delete a lead form (its URL stops working)',
    status: 204,
  });
  router.delete('/:id', async (req, res) => {
    const id = parseId(req);
    adminOnly(req, id);
    await withDomain(req, (ctx) => deleteLeadForm(ctx, id));
    res.status(204).end();
  });
  return router;
}
