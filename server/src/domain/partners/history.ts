import type { Actor } from '../../access/actor';
import { Op } from 'sequelize';
import { partnerScope, within } from '../../access/policy';
import { BadRequestError } from '../errors';
import { Lead } from '../leads/model';
import { events } from './history-events';
import { activities, documents, HistoryItemDto, messages, Source, traces } from './history-sources';
import { Partner } from './model';
import { findVisiblePartner } from './service';
import { boundFor, decodeTimelineCursor, encodeTimelineCursor, mergeTimeline, TimelineKind } from './timeline';

export type { HistoryItem, HistoryItemDto } from './history-sources';

/**
 * The partner's total history, newest first: messages filed on it or its leads, activities, calendar events,
 * documents and history entries — for a company, also those of its contact persons and their leads. See timeline.ts for how the sources are paged and merged.
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
  // A company's history is also its people's: the mail, calls and opportunities of its contact persons. Read
  // within the partner scope like every partner list (today a visible company's people are visible with it).
  const contacts = partner.isCompany
    ? await Partner.findAll({ where: within(partnerScope(actor), { companyId: partner.id }), attributes: ['id'] })
    : [];
  const partnerIds = [partner.id, ...contacts.map((contact) => contact.id)];
  const leads = await Lead.findAll({ where: { partnerId: { [Op.in]: partnerIds } }, attributes: ['id'] });
  const base = { partnerIds, leadIds: leads.map((l) => l.id), limit: query.limit + 1, actor };
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
