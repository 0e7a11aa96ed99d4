import { Router } from 'express';
import { requireActor } from '../auth/authenticate';
import { actorOf, servicesOf } from '../../http/context';
import { documentRoute } from '../openapi';
import { parseBody, parseId, parseQuery } from '../validate';
import { serverKeyOf } from '../../secrets/server-key';
import {
  accountDto,
  chooseCollections,
  chosenDirection,
  collectionsOf,
  connectAccount,
  deleteAccount,
  findOwnAccount,
  listAccounts,
  remoteCollections,
  requestRun,
} from '../../sync/accounts';
import { confirmDeletions } from '../../sync/confirm-deletions';
import { resolveReview } from '../../sync/reviews';
import { createSyncRunner, runCollection } from '../../sync/run-collection';
import { collectionStatus, conflictsOf, reviewsOf } from '../../sync/status';
import {
  accountCreateBody,
  accountList,
  accountOut,
  accountStatusOut,
  collectionsOut,
  collectionsPutBody,
  collectionStatusOut,
  confirmDeletionsBody,
  conflictsOut,
  conflictsQuery,
  remoteCollectionsOut,
  resolveBody,
  resolveOut,
  reviewsOut,
  runOut,
  runQuery,
} from './schemas';

const tag = 'sync';

/**
 * Sync accounts (issue #11): connect a remote DAV account, choose its collections and directions, start a run, read
 * the status, the conflict log and the review list. An account is its owner's alone: anyone else gets 404.
 */
export function syncRouter(): Router {
  const router = Router();
  router.use(requireActor);
  const keyOf = (req: Parameters<typeof servicesOf>[0]) => serverKeyOf(servicesOf(req).config);
  const own = (req: Parameters<typeof servicesOf>[0]) => findOwnAccount(actorOf(req), parseId(req));

  documentRoute({
    method: 'post',
    path: '/sync/accounts',
    tag,
    summary: 'Connect a remote account (the password is stored encrypted and never returned)',
    body: accountCreateBody,
    response: accountOut,
    status: 201,
  });
  router.post('/accounts', async (req, res) => {
    const input = parseBody(accountCreateBody, req);
    res.status(201).json(accountDto(await connectAccount(keyOf(req), actorOf(req), input)));
  });

  documentRoute({ method: 'get', path: '/sync/accounts', tag, summary: 'Your sync accounts', response: accountList });
  router.get('/accounts', async (req, res) => {
    res.json({ items: (await listAccounts(actorOf(req))).map(accountDto) });
  });

  documentRoute({
    method: 'get',
    path: '/sync/accounts/:id',
    tag,
    summary: 'One of your sync accounts with the state of its collections',
    response: accountStatusOut,
  });
  const status = async (req: Parameters<typeof servicesOf>[0]) => {
    const account = await own(req);
    return {
      account: accountDto(account),
      collections: (await collectionsOf(account)).map((c) => collectionStatus(c)),
    };
  };
  router.get('/accounts/:id', async (req, res) => {
    res.json(await status(req));
  });

  documentRoute({
    method: 'get',
    path: '/sync/accounts/:id/status',
    tag,
    summary: 'Status per synced collection: last run and its counts, state, last error',
    response: accountStatusOut,
  });
  router.get('/accounts/:id/status', async (req, res) => {
    res.json(await status(req));
  });

  documentRoute({
    method: 'delete',
    path: '/sync/accounts/:id',
    tag,
    summary: 'Disconnect an account (its sync state goes; CRM records and remote items stay)',
    status: 204,
  });
  router.delete('/accounts/:id', async (req, res) => {
    await deleteAccount(actorOf(req), parseId(req));
    res.status(204).end();
  });

  documentRoute({
    method: 'get',
    path: '/sync/accounts/:id/remote-collections',
    tag,
    summary: "The remote's address books, calendars and task lists, with the direction chosen for each",
    response: remoteCollectionsOut,
  });
  router.get('/accounts/:id/remote-collections', async (req, res) => {
    const account = await own(req);
    const chosen = await collectionsOf(account);
    const offered = await remoteCollections(keyOf(req), account);
    res.json({ items: offered.map((c) => ({ ...c, direction: chosenDirection(chosen, c) })) });
  });

  documentRoute({
    method: 'put',
    path: '/sync/accounts/:id/collections',
    tag,
    summary: 'Choose the collections to sync and their direction (the list replaces the previous choice)',
    body: collectionsPutBody,
    response: collectionsOut,
  });
  router.put('/accounts/:id/collections', async (req, res) => {
    const account = await own(req);
    const { collections } = parseBody(collectionsPutBody, req);
    const rows = await chooseCollections(actorOf(req), account, collections);
    res.json({ items: rows.map((c) => collectionStatus(c)) });
  });

  documentRoute({
    method: 'post',
    path: '/sync/accounts/:id/collections/:collectionId/confirm-deletions',
    tag,
    summary:
      "Confirm the deletions a guard stopped (the collection's pendingDeletions, once): the next round applies them",
    body: confirmDeletionsBody,
    response: collectionStatusOut,
  });
  router.post('/accounts/:id/collections/:collectionId/confirm-deletions', async (req, res) => {
    const account = await own(req);
    const { deletions } = parseBody(confirmDeletionsBody, req);
    const collection = await confirmDeletions(servicesOf(req), account, parseId(req, 'collectionId'), deletions);
    res.json(collectionStatus(collection));
  });

  documentRoute({
    method: 'post',
    path: '/sync/accounts/:id/runs',
    tag,
    summary: 'Start a run of every collection now (a worker takes it; wait=true runs it in this request)',
    query: runQuery,
    response: runOut,
    status: 202,
  });
  router.post('/accounts/:id/runs', async (req, res) => {
    const account = await own(req);
    const { wait } = parseQuery(runQuery, req);
    await requestRun(account);
    if (wait === 'true') {
      const runner = createSyncRunner(servicesOf(req));
      for (const collection of await collectionsOf(account)) await runCollection(runner, collection.id);
    }
    const collections = (await collectionsOf(account)).map((c) => collectionStatus(c));
    res.status(wait === 'true' ? 200 : 202).json({ queued: wait !== 'true', collections });
  });

  documentRoute({
    method: 'get',
    path: '/sync/accounts/:id/conflicts',
    tag,
    summary: 'The conflict log: fields changed on both sides, both values and the winner, newest first',
    query: conflictsQuery,
    response: conflictsOut,
  });
  router.get('/accounts/:id/conflicts', async (req, res) => {
    const account = await own(req);
    res.json({ items: await conflictsOf(account, parseQuery(conflictsQuery, req).limit) });
  });

  documentRoute({
    method: 'get',
    path: '/sync/accounts/:id/reviews',
    tag,
    summary: 'The review list: remote items whose first-sync match was ambiguous, with their candidate records',
    response: reviewsOut,
  });
  router.get('/accounts/:id/reviews', async (req, res) => {
    res.json({ items: await reviewsOf(await own(req)) });
  });

  documentRoute({
    method: 'post',
    path: '/sync/accounts/:id/reviews/:reviewId/resolve',
    tag,
    summary: 'Settle a review entry: link the remote item to a candidate record, or create a new record from it',
    body: resolveBody,
    response: resolveOut,
  });
  router.post('/accounts/:id/reviews/:reviewId/resolve', async (req, res) => {
    const account = await own(req);
    const decision = parseBody(resolveBody, req);
    res.json(await resolveReview(servicesOf(req), actorOf(req), account, parseId(req, 'reviewId'), decision));
  });

  return router;
}
