import type { Actor } from '../../access/actor';
import { BadRequestError } from '../errors';
import { Lead } from '../leads/model';
import { events } from './history-events';
import { activities, documents, HistoryItemDto, messages, Source, traces } from './history-sources';
import { findVisiblePartner } from './service';
import { boundFor, decodeTimelineCursor, encodeTimelineCursor, mergeTimeline, TimelineKind } from './timeline';

export type { HistoryItem, HistoryItemDto } from './history-sources';

/**
 * The partner's total history, newest first: messages filed on it or its leads, activities, calendar events,
 * documents and history entries. See timeline.ts for how the sources are paged and merged.
 */
export async function partnerHistory(
  actor: Actor,
  partnerId: number,
  query: { limit: number; cursor?: string },
): Promise<{ items: HistoryItemDto[]; nextCursor: string | null }> {
  const cursor = query.cursor ? decodeTimelineCursor(query.cursor) : null;
  if (query.cursor && !cursor) {
    throw new BadRequestError(
      'Invalid cursor: pass the nextCursor value of the previous page unchanged',
      'invalid_cursor',
    );
  }
  const partner = await findVisiblePartner(actor, partnerId);
  const leads = await Lead.findAll({ where: { partnerId: partner.id }, attributes: ['id'] });
  const base = { partnerId: partner.id, leadIds: leads.map((l) => l.id), limit: query.limit + 1, actor };
  const at = (kind: TimelineKind): Source => ({ ...base, bound: boundFor(kind, cursor) });
  const sources = await Promise.all([
    messages(at('message')),
    activities(at('activity')),
    events(at('event')),
    documents(at('document')),
    traces(at('trace')),
  ]);
  const page = mergeTimeline(sources, query.limit);
  const last = page.items.at(-1);
  return {
    items: page.items.map((item) => ({ ...item, at: item.at.toISOString() })),
    nextCursor: page.hasMore && last ? encodeTimelineCursor(last) : null,
  };
}
