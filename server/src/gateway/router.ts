import { Router } from 'express';
import { actorOf, servicesOf, withDomain } from '../http/context';
import { documentRoute } from '../api/openapi';
import { parseBody, parseId } from '../api/validate';
import { BadRequestError } from '../domain/errors';
import { serverKeyOf } from '../secrets/server-key';
import { checkMailbox } from './check-mailbox';
import { openMailboxPassword } from './credentials';
import { describeImapError, ImapSession } from './imap-session';
import {
  createMailbox,
  deleteMailbox,
  findVisibleMailbox,
  listMailboxes,
  mailboxDto,
  updateMailbox,
} from './mailboxes';
import { checkReportOut, mailboxCreateBody, mailboxOut, mailboxPatchBody, serverFoldersOut } from './schemas';

const tag = 'mail gateway';

/**
 * /api/v1/mailboxes: add an IMAP mailbox (a team's alias or one's own), choose folders and privacy level, read its
 * status, list the server's folders to choose from, and check it now. Access: mailboxes.ts (out of scope → 404).
 */
export function mailboxesRouter(): Router {
  const router = Router();
  const key = (req: Parameters<typeof servicesOf>[0]) => serverKeyOf(servicesOf(req).config);

  documentRoute({
    method: 'get',
    path: '/mailboxes',
    tag,
    summary: 'Mailboxes you may see, with their status',
    response: mailboxOut.array(),
  });
  router.get('/', async (req, res) => {
    res.json(await listMailboxes(actorOf(req)));
  });

  documentRoute({
    method: 'post',
    path: '/mailboxes',
    tag,
    summary:
      'Add a mailbox: a team alias (administrators; mail becomes leads) or your own (mail with known contacts, at a privacy level)',
    body: mailboxCreateBody,
    response: mailboxOut,
    status: 201,
  });
  router.post('/', async (req, res) => {
    const body = parseBody(mailboxCreateBody, req);
    const dto = await withDomain(req, async (ctx) => mailboxDto(await createMailbox(ctx, key(req), body), ctx.tx));
    res.status(201).json(dto);
  });

  documentRoute({
    method: 'get',
    path: '/mailboxes/:id',
    tag,
    summary: 'A mailbox and its status (last check, taken, skipped by reason, error)',
    response: mailboxOut,
  });
  router.get('/:id', async (req, res) => {
    res.json(await mailboxDto(await findVisibleMailbox(actorOf(req), parseId(req))));
  });

  documentRoute({
    method: 'patch',
    path: '/mailboxes/:id',
    tag,
    summary: 'Change a mailbox: folders (null: INBOX and Sent), privacy level, credentials, enabled',
    body: mailboxPatchBody,
    response: mailboxOut,
  });
  router.patch('/:id', async (req, res) => {
    const body = parseBody(mailboxPatchBody, req);
    const dto = await withDomain(req, async (ctx) =>
      mailboxDto(await updateMailbox(ctx, key(req), parseId(req), body), ctx.tx),
    );
    res.json(dto);
  });

  documentRoute({
    method: 'delete',
    path: '/mailboxes/:id',
    tag,
    summary: 'Remove a mailbox (stored mail stays on its records)',
    status: 204,
  });
  router.delete('/:id', async (req, res) => {
    await withDomain(req, (ctx) => deleteMailbox(ctx, parseId(req)));
    res.status(204).end();
  });

  documentRoute({
    method: 'get',
    path: '/mailboxes/:id/server-folders',
    tag,
    summary: "The folders on the mailbox's server, with their special use (\\Sent, \\Archive…), to choose from",
    response: serverFoldersOut,
  });
  router.get('/:id/server-folders', async (req, res) => {
    const mailbox = await findVisibleMailbox(actorOf(req), parseId(req));
    const password = openMailboxPassword(key(req), mailbox.passwordSealed);
    let session: ImapSession;
    try {
      session = await ImapSession.open({ ...mailbox.get({ plain: true }), password });
    } catch (err) {
      throw new BadRequestError(`The mail server refused: ${describeImapError(err)}`, 'mail_server_refused');
    }
    try {
      res.json({ folders: await session.listFolders() });
    } finally {
      await session.close();
    }
  });

  documentRoute({
    method: 'post',
    path: '/mailboxes/:id/check',
    tag,
    summary: 'Check the mailbox now (one pass over its folders); 409 while another check runs',
    response: checkReportOut,
  });
  router.post('/:id/check', async (req, res) => {
    const mailbox = await findVisibleMailbox(actorOf(req), parseId(req));
    res.json(await checkMailbox(servicesOf(req), mailbox.id));
  });

  return router;
}
