import { Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { actorOf, withDomain } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseBody, parseId, parseQuery } from '../validate';
import { messageDtos } from '../../domain/messages/dto';
import {
  filePreparedMessage,
  findVisibleMessage,
  listRecordMessages,
  prepareMessage,
} from '../../domain/messages/service';
import { MESSAGE_BODY_CSP, messageBodyPage } from './body-page';
import { fileResultOut, messageCreateBody, messageListQuery, messageOut, messagePageOut } from './schemas';

const tag = 'messages';

/**
 * E-mails and notes filed on partners and leads; one stored message per Message-ID and content (an e-mail's identity,
 * domain/messages/identity.ts), linked to many records.
 */
export function messagesRouter(): Router {
  const router = Router();
  router.use(requireActor);

  documentRoute({
    method: 'get',
    path: '/messages',
    tag,
    summary: 'Messages filed on a record, newest first',
    query: messageListQuery,
    response: messagePageOut,
  });
  router.get('/', async (req, res) => {
    res.json(await listRecordMessages(actorOf(req), parseQuery(messageListQuery, req)));
  });

  documentRoute({
    method: 'get',
    path: '/messages/:id',
    tag,
    summary: 'Get a message with its links',
    response: messageOut,
  });
  router.get('/:id', async (req, res) => {
    const actor = actorOf(req);
    const [dto] = await messageDtos(actor, [await findVisibleMessage(actor, parseId(req))]);
    res.json(dto);
  });

  documentRoute({
    method: 'get',
    path: '/messages/:id/body',
    tag,
    summary:
      'The message body as its own sandboxed HTML page to frame (CSP: no script, no remote load, sandbox; framed ' +
      "only by this server's pages); the plain text when the message has no HTML",
  });
  router.get('/:id/body', async (req, res) => {
    const message = await findVisibleMessage(actorOf(req), parseId(req));
    // Replaces the API's frame-ancestors 'none' (http/security-headers.ts): the back office frames this page.
    res.setHeader('Content-Security-Policy', MESSAGE_BODY_CSP);
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    res.setHeader('Cache-Control', 'private, no-store');
    res.type('text/html; charset=utf-8').send(messageBodyPage(message));
  });

  documentRoute({
    method: 'post',
    path: '/messages',
    tag,
    summary:
      'File a note or an e-mail on records (201 new message; 200 the same message — Message-ID and content — was ' +
      'already stored: only missing links are added. A different content under a known Message-ID is a new message)',
    body: messageCreateBody,
    response: fileResultOut,
    status: 201,
  });
  router.post('/', async (req, res) => {
    const input = parseBody(messageCreateBody, req);
    // Sanitizing and hashing happen before the transaction, so they do not prolong the write lock.
    const prepared = prepareMessage(actorOf(req), input);
    const result = await withDomain(req, async (ctx) => {
      const filed = await filePreparedMessage(ctx, prepared, input.records);
      const [message] = await messageDtos(ctx.actor, [filed.message], ctx.tx);
      return { message, messageCreated: filed.messageCreated, links: filed.links };
    });
    res.status(result.messageCreated ? 201 : 200).json(result);
  });
  return router;
}
