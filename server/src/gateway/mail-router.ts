import { Router } from 'express';
import { z } from 'zod';
import { normalizeEmail } from '@akte/core';
import { actorOf, inTransaction, servicesOf, withDomain } from '../http/context';
import { documentRoute } from '../api/openapi';
import { parseBody, parseId } from '../api/validate';
import { NotFoundError } from '../domain/errors';
import { serverKeyOf } from '../secrets/server-key';
import { sealMailboxPassword } from './credentials';
import { GatewaySmtpAccount } from './model';
import { sendRecordMail } from './send-mail';
import {
  createStoredTemplate,
  deleteStoredTemplate,
  findVisibleTemplate,
  listStoredTemplates,
  storedTemplateDto,
  updateStoredTemplate,
} from './stored-templates';
import { BUILTIN_TEMPLATES, PLACEHOLDERS } from './templates';

const tag = 'mail gateway';

const sendBody = z.strictObject({
  record: z.strictObject({ recordType: z.enum(['lead', 'partner']), recordId: z.number().int().positive() }),
  to: z.array(z.email()).max(50).optional(),
  cc: z.array(z.email()).max(50).optional(),
  template: z.string().max(64).optional(),
  templateId: z.number().int().positive().optional(),
  locale: z.enum(['de', 'en']).optional(),
  subject: z.string().max(998).optional(),
  body: z.string().max(200_000).optional(),
  documentIds: z.array(z.number().int().positive()).max(20).optional(),
});
const sendOut = z.object({
  messageId: z.string(),
  storedMessageId: z.number().nullable(),
  to: z.array(z.string()),
  via: z.enum(['own', 'server']),
});
/**
 * A stored body is at most what its column holds on every database: MariaDB's TEXT takes 65,535 bytes, and a
 * character is up to four in utf8mb4 — beyond that MariaDB refused the row with a 500 while SQLite kept it.
 */
const TEMPLATE_BODY_MAX = 16_000;
const templateFields = {
  name: z.string().trim().min(1).max(64),
  locale: z.enum(['de', 'en']),
  subject: z.string().min(1).max(998),
  body: z.string().min(1).max(TEMPLATE_BODY_MAX),
};
const templateCreateBody = z.strictObject({
  ...templateFields,
  teamId: z.number().int().positive().nullable().optional(),
});
const templatePatchBody = z
  .strictObject({
    name: templateFields.name.optional(),
    locale: templateFields.locale.optional(),
    subject: templateFields.subject.optional(),
    body: templateFields.body.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { error: 'Nothing to change' });
const templateOut = z.object({
  id: z.number(),
  name: z.string(),
  locale: z.enum(['de', 'en']),
  subject: z.string(),
  body: z.string(),
  scope: z.enum(['own', 'team']),
  teamId: z.number().nullable(),
  createdById: z.number(),
  updatedAt: z.string(),
});
const templatesOut = z.object({
  templates: z.record(z.string(), z.record(z.enum(['de', 'en']), z.object({ subject: z.string(), body: z.string() }))),
  placeholders: z.array(z.string()),
  stored: z.array(templateOut),
});

const smtpBody = z.strictObject({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  tls: z.boolean(),
  username: z.string().min(1).max(255).optional(),
  password: z.string().min(1).max(1000).optional(),
  fromAddress: z.email().max(254),
});
const smtpOut = z.object({
  host: z.string(),
  port: z.number(),
  tls: z.boolean(),
  username: z.string().nullable(),
  fromAddress: z.string(),
});

const smtpDto = (a: GatewaySmtpAccount) => ({
  host: a.host,
  port: a.port,
  tls: Boolean(a.tls),
  username: a.username,
  fromAddress: a.fromAddress,
});

/** /api/v1/mail: send from a record, one's own SMTP account, the templates and their placeholders. */
export function mailRouter(): Router {
  const router = Router();

  documentRoute({
    method: 'post',
    path: '/mail/send',
    tag,
    summary:
      "Send an email from a partner, lead or opportunity (template or text with placeholders, the record's documents attached); stored on the record at once, replies route back",
    body: sendBody,
    response: sendOut,
  });
  router.post('/send', async (req, res) => {
    res.json(await sendRecordMail(servicesOf(req), actorOf(req), parseBody(sendBody, req)));
  });

  documentRoute({
    method: 'get',
    path: '/mail/templates',
    tag,
    summary:
      "The mail templates you may use: the built-in ones (German, English), your own and your teams' stored ones, and the placeholders they may use",
    response: templatesOut,
  });
  router.get('/templates', async (req, res) => {
    const stored = await listStoredTemplates(actorOf(req));
    res.json({ templates: BUILTIN_TEMPLATES, placeholders: PLACEHOLDERS, stored: stored.map(storedTemplateDto) });
  });

  documentRoute({
    method: 'post',
    path: '/mail/templates',
    tag,
    summary:
      "Store a template (yours, or with teamId a team's you are in): name, language, subject and body with the placeholders; an unknown placeholder is a 400 naming it",
    body: templateCreateBody,
    response: templateOut,
    status: 201,
  });
  router.post('/templates', async (req, res) => {
    const body = parseBody(templateCreateBody, req);
    const created = await withDomain(req, (ctx) => createStoredTemplate(ctx, body));
    res.status(201).json(storedTemplateDto(created));
  });

  documentRoute({
    method: 'get',
    path: '/mail/templates/{id}',
    tag,
    summary: "A stored template (yours or your team's; others 404)",
    response: templateOut,
  });
  router.get('/templates/:id', async (req, res) => {
    res.json(storedTemplateDto(await findVisibleTemplate(actorOf(req), parseId(req))));
  });

  documentRoute({
    method: 'patch',
    path: '/mail/templates/{id}',
    tag,
    summary: 'Change a stored template',
    body: templatePatchBody,
    response: templateOut,
  });
  router.patch('/templates/:id', async (req, res) => {
    const id = parseId(req);
    const patch = parseBody(templatePatchBody, req);
    const updated = await withDomain(req, (ctx) => updateStoredTemplate(ctx, id, patch));
    res.json(storedTemplateDto(updated));
  });

  documentRoute({
    method: 'delete',
    path: '/mail/templates/{id}',
    tag,
    summary: 'Delete a stored template',
    status: 204,
  });
  router.delete('/templates/:id', async (req, res) => {
    const id = parseId(req);
    await withDomain(req, (ctx) => deleteStoredTemplate(ctx, id));
    res.status(204).end();
  });

  documentRoute({
    method: 'get',
    path: '/mail/smtp-account',
    tag,
    summary: 'Your own SMTP account (404: mail goes through the server-wide one)',
    response: smtpOut,
  });
  router.get('/smtp-account', async (req, res) => {
    const account = await GatewaySmtpAccount.findOne({ where: { userId: actorOf(req).userId } });
    if (!account) throw new NotFoundError('SMTP account of user', actorOf(req).userId);
    res.json(smtpDto(account));
  });

  documentRoute({
    method: 'put',
    path: '/mail/smtp-account',
    tag,
    summary: 'Set your own SMTP account (password sealed with the server key)',
    body: smtpBody,
    response: smtpOut,
  });
  router.put('/smtp-account', async (req, res) => {
    const body = parseBody(smtpBody, req);
    const userId = actorOf(req).userId;
    const values = {
      userId,
      host: body.host,
      port: body.port,
      tls: body.tls,
      username: body.username ?? null,
      passwordSealed: body.password ? sealMailboxPassword(serverKeyOf(servicesOf(req).config), body.password) : null,
      fromAddress: normalizeEmail(body.fromAddress),
    };
    const account = await inTransaction(req, async (tx) => {
      await GatewaySmtpAccount.destroy({ where: { userId }, transaction: tx });
      return GatewaySmtpAccount.create(values, { transaction: tx });
    });
    res.json(smtpDto(account));
  });

  documentRoute({
    method: 'delete',
    path: '/mail/smtp-account',
    tag,
    summary: 'Remove your own SMTP account',
    status: 204,
  });
  router.delete('/smtp-account', async (req, res) => {
    await inTransaction(req, (tx) =>
      GatewaySmtpAccount.destroy({ where: { userId: actorOf(req).userId }, transaction: tx }),
    );
    res.status(204).end();
  });

  return router;
}
