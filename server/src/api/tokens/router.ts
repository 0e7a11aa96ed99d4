import { Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { actorOf, withDomain } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseBody, parseId, parseQuery } from '../validate';
import { createToken, listTokens, revokeToken } from '../../domain/users/token-service';
import { tokenCreateBody, tokenCreated, tokenList, tokenListQuery } from './schemas';

const tag = 'tokens';

/** Personal API tokens for add-ins, DAV clients and scripts. The secret is shown once, when created. */
export function tokensRouter(): Router {
  const router = Router();
  router.use(requireActor);

  documentRoute({
    method: 'get',
    path: '/tokens',
    tag,
    summary: "List your API tokens (admins: any user's with ?userId=)",
    query: tokenListQuery,
    response: tokenList,
  });
  router.get('/', async (req, res) => {
    res.json(await listTokens(actorOf(req), parseQuery(tokenListQuery, req)));
  });

  documentRoute({
    method: 'post',
    path: '/tokens',
    tag,
    summary: 'Create an API token; the secret is in this response only',
    body: tokenCreateBody,
    response: tokenCreated,
    status: 201,
  });
  router.post('/', async (req, res) => {
    const { name } = parseBody(tokenCreateBody, req);
    res.status(201).json(await withDomain(req, (ctx) => createToken(ctx, name)));
  });

  documentRoute({
    method: 'delete',
    path: '/tokens/:id',
    tag,
    summary: "Revoke an API token (admins: any user's)",
    status: 204,
  });
  router.delete('/:id', async (req, res) => {
    const id = parseId(req);
    await withDomain(req, (ctx) => revokeToken(ctx, id));
    res.status(204).end();
  });

  return router;
}
