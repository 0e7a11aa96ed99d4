import { col, fn, Op, QueryTypes, WhereOptions } from 'sequelize';
import type { Actor } from '../../access/actor';
import { Activity } from '../activities/model';
import { DocumentRecord } from '../documents/model';
import { Trace } from '../history/model';
import { Message } from '../messages/model';
import type { SourceBound, TimelinePosition } from './timeline';

/** The sources of a partner's total history (history.ts merges them): each one query with ORDER BY + LIMIT. */
export interface HistoryItem extends TimelinePosition {
  summary: string;
  [detail: string]: unknown;
}

export interface HistoryItemDto extends Omit<HistoryItem, 'at'> {
  at: string;
}

export interface Source {
  /** The partner and, for a company, its contact persons the actor sees: their history is the company's. */
  partnerIds: number[];
  leadIds: number[];
  limit: number;
  bound: SourceBound;
  actor: Actor;
}

export function boundWhere(attribute: string, bound: SourceBound): WhereOptions {
  if (bound.kind === 'all') return {};
  const conditions: WhereOptions[] = [{ [attribute]: { [bound.includeSameAt ? Op.lte : Op.lt]: bound.at } }];
  if (bound.sameAtIdBelow !== null) conditions.push({ [attribute]: bound.at, id: { [Op.lt]: bound.sameAtIdBelow } });
  return { [Op.or]: conditions };
}

/** The record-link condition "on the partner or on one of its leads". */
export function onPartnerOrLeads(source: Source): WhereOptions[] {
  const links: WhereOptions[] = [{ recordType: 'partner', recordId: { [Op.in]: source.partnerIds } }];
  if (source.leadIds.length) links.push({ recordType: 'lead', recordId: { [Op.in]: source.leadIds } });
  return links;
}

/**
 * Driven from message_links (index message_links_record), so the cost follows this partner's messages, not the
 * millions of links of everyone else; the join to messages is by primary key.
 */
export async function messages(source: Source): Promise<HistoryItem[]> {
  const { bound } = source;
  const leadClause = source.leadIds.length ? `OR (l.record_type = 'lead' AND l.record_id IN (:leadIds))` : '';
  let boundClause = '';
  if (bound.kind === 'before') {
    boundClause = `AND (m.sent_at ${bound.includeSameAt ? '<=' : '<'} :at${
      bound.sameAtIdBelow !== null ? ' OR (m.sent_at = :at AND m.id < :idBelow)' : ''
    })`;
  }
  const rows = await Message.sequelize!.query<{ id: number | string }>(
    `SELECT DISTINCT m.id, m.sent_at FROM message_links l JOIN messages m ON m.id = l.message_id
      WHERE ((l.record_type = 'partner' AND l.record_id IN (:partnerIds)) ${leadClause}) ${boundClause}
      ORDER BY m.sent_at DESC, m.id DESC LIMIT :limit`,
    {
      type: QueryTypes.SELECT,
      replacements: {
        partnerIds: source.partnerIds,
        leadIds: source.leadIds,
        limit: source.limit,
        at: bound.kind === 'before' ? bound.at : null,
        idBelow: bound.kind === 'before' ? bound.sameAtIdBelow : null,
      },
    },
  );
  if (!rows.length) return [];
  const found = await Message.findAll({
    where: { id: { [Op.in]: rows.map((r) => Number(r.id)) } },
    attributes: [
      'id',
      'kind',
      'direction',
      'fromAddress',
      'fromName',
      'subject',
      'sentAt',
      [fn('SUBSTR', col('body_text'), 1, 160), 'snippet'],
    ],
  });
  return found.map((m) => ({
    kind: 'message',
    at: new Date(m.sentAt),
    id: Number(m.id),
    summary: m.subject || String(m.get('snippet') ?? '').trim() || '(no subject)',
    messageKind: m.kind,
    direction: m.direction,
    from: m.fromAddress ? { address: m.fromAddress, name: m.fromName } : null,
  }));
}

export async function activities(source: Source): Promise<HistoryItem[]> {
  const rows = await Activity.findAll({
    where: {
      [Op.and]: [
        { [Op.or]: [{ partnerId: { [Op.in]: source.partnerIds } }, ...onPartnerOrLeads(source)] },
        boundWhere('createdAt', source.bound),
      ],
    },
    order: [
      ['createdAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: source.limit,
  });
  return rows.map((a) => ({
    kind: 'activity',
    at: new Date(a.createdAt),
    id: a.id,
    summary: a.summary,
    activityKind: a.kind,
    status: a.status,
    dueDate: a.dueDate,
    doneAt: a.doneAt ? new Date(a.doneAt).toISOString() : null,
    recordType: a.recordType,
    recordId: a.recordId,
  }));
}

export async function documents(source: Source): Promise<HistoryItem[]> {
  const rows = await DocumentRecord.findAll({
    where: { [Op.and]: [{ [Op.or]: onPartnerOrLeads(source) }, boundWhere('createdAt', source.bound)] },
    order: [
      ['createdAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: source.limit,
  });
  return rows.map((d) => ({
    kind: 'document',
    at: new Date(d.createdAt),
    id: d.id,
    summary: d.name,
    mediaType: d.mediaType,
    size: Number(d.size),
    recordType: d.recordType,
    recordId: d.recordId,
  }));
}

export async function traces(source: Source): Promise<HistoryItem[]> {
  const rows = await Trace.findAll({
    where: { [Op.and]: [{ partnerId: { [Op.in]: source.partnerIds } }, boundWhere('createdAt', source.bound)] },
    order: [
      ['createdAt', 'DESC'],
      ['id', 'DESC'],
    ],
    limit: source.limit,
  });
  return rows.map((t) => ({
    kind: 'trace',
    at: new Date(t.createdAt),
    id: Number(t.id),
    summary: `${t.action} ${t.recordType} #${t.recordId}`,
    action: t.action,
    recordType: t.recordType,
    recordId: t.recordId,
    userId: t.userId,
    changes: t.changes,
  }));
}
