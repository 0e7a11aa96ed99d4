import { Router } from 'express';
import { z } from 'zod';
import { normalizeEmail } from '@akte/core';
import { actorOf, inTransaction, servicesOf } from '../http/context';
import { documentRoute } from '../api/openapi';
import { parseBody } from '../api/validate';
import { NotFoundError } from '../domain/errors';
import { serverKeyOf } from '../secrets/server-key';
import { sealMailboxPassword } from './credentials';
import { GatewaySmtpAccount } from './model';
import { sendRecordMail } from './send-mail';
import { BUILTIN_TEMPLATES, PLACEHOLDERS } from './templates';

const tag = 'mail gateway';

const sendBody = z.strictObject({
  record: z.strictObject({ recordType: z.enum(['lead', 'partner']), recordId: z.number().int().positive() }),
  to: z.array(z.email()).max(50).optional(),
  cc: z.array(z.email()).max(50).optional(),
  template: z.string().max(64).optional(),
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
    summary: 'The mail templates (German, English) and the placeholders they may use',
  });
  router.get('/templates', (_req, res) => {
    res.json({ templates: BUILTIN_TEMPLATES, placeholders: PLACEHOLDERS });
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
