import { randomUUID } from 'node:crypto';
import type { ListPage, ListRequest, RemoteCollectionRef } from '../provider';
import type { DavConnection } from './connection';
import { decodePosition, pageOfAnswer, sortAnswer, type ListingAnswer, type PagePosition } from './listing-pages';
import type { CollectionCapabilities } from './probe';
import { propfindListing } from './propfind-listing';
import { syncCollection } from './sync-collection';

export interface ListingDeps {
  connection: DavConnection;
  capabilities: (href: string) => Promise<CollectionCapabilities>;
  pageSize: number;
  /** Answers being paged through, by id; bounded (oldest dropped), a lost one is asked again. */
  answers: Map<string, ListingAnswer>;
}

const KEPT_ANSWERS = 8;

/**
 * listChanges for CalDAV/CardDAV: with a cursor, a sync-collection delta (RFC 6578); without one, a complete
 * listing — sync-collection from the empty token where the server has tokens (the listing then ends with one, so
 * the next round is a delta), else PROPFIND Depth 1. One server answer is handed out in pages of `pageSize`.
 */
export async function listChanges(
  deps: ListingDeps,
  collection: RemoteCollectionRef,
  request: ListRequest,
): Promise<ListPage> {
  const complete = request.cursor === null;
  if (request.page !== null) return continueListing(deps, collection, complete, decodePosition(request.page));
  if (!complete)
    return ask(deps, collection, { complete, source: 'sync', from: request.cursor!, after: null, reasked: false });
  const { syncCollection: hasTokens } = await deps.capabilities(collection.href);
  return ask(deps, collection, {
    complete,
    source: hasTokens ? 'sync' : 'propfind',
    from: hasTokens ? '' : null,
    after: null,
    reasked: false,
  });
}

async function continueListing(
  deps: ListingDeps,
  collection: RemoteCollectionRef,
  complete: boolean,
  position: PagePosition,
): Promise<ListPage> {
  if (position.t === 'more')
    return ask(deps, collection, { complete, source: 'sync', from: position.token, after: null, reasked: false });
  const answer = deps.answers.get(position.id);
  const options = { complete, source: position.source, from: position.from, after: position.after };
  if (answer) {
    const page = pageOfAnswer(answer, {
      ...options,
      id: position.id,
      pageSize: deps.pageSize,
      reasked: !!position.reasked,
    });
    if (page.next === null) deps.answers.delete(position.id);
    return page;
  }
  return ask(deps, collection, { ...options, reasked: true });
}

async function ask(
  deps: ListingDeps,
  collection: RemoteCollectionRef,
  options: {
    complete: boolean;
    source: 'sync' | 'propfind';
    from: string | null;
    after: string | null;
    reasked: boolean;
  },
): Promise<ListPage> {
  let answer: ListingAnswer;
  if (options.source === 'propfind') answer = await propfindListing(deps.connection, collection.href);
  else {
    const synced = await syncCollection(deps.connection, collection.href, options.from ?? '');
    if (synced.kind === 'invalid-token') return { kind: 'cursor-invalid', reason: synced.reason };
    answer = synced.answer;
  }
  answer = sortAnswer(answer);
  const id = randomUUID();
  const page = pageOfAnswer(answer, { ...options, id, pageSize: deps.pageSize });
  if (page.next !== null) keep(deps.answers, id, answer);
  return page;
}

function keep(answers: Map<string, ListingAnswer>, id: string, answer: ListingAnswer): void {
  answers.set(id, answer);
  while (answers.size > KEPT_ANSWERS) answers.delete(answers.keys().next().value!);
}
