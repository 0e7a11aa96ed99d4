import { Op, Sequelize } from 'sequelize';
import type { Actor } from '../../access/actor';
import { Lead } from '../leads/model';
import { Partner } from '../partners/model';
import { Trace } from './model';
import { TraceDto, traceDto } from './query';

export interface RecentTraceDto extends TraceDto {
  /** The record's name, so a list across records can say which one changed. */
  recordName: string | null;
}

/**
 * The recent history across *my* records (the dashboard's "recent history"): entries on the leads and partners
 * whose salesperson I am, newest first, whoever made them. "Mine" is narrower than what the access policy lets a
 * user see (an *all records* user sees everything), as on the dashboard's other panels.
 *
 * One query per record type, each driven by my records (salesperson index, then traces_record per record) and cut
 * to `limit`, merged here: the cost follows the size of my own book, not of the whole history. A single
 * OR-query let SQLite sort every entry of both types (1M traces: ~290 ms; these two: ~20 ms, and ~5 ms for a user
 * with no records, where a newest-first scan would read them all).
 */
export async function listRecentHistory(actor: Actor, limit: number): Promise<RecentTraceDto[]> {
  const me = Number(actor.userId);
  if (!Number.isSafeInteger(me)) throw new Error('actor without a user id');
  const newest = (recordType: 'lead' | 'partner', table: 'leads' | 'partners') =>
    Trace.findAll({
      where: {
        recordType,
        recordId: { [Op.in]: Sequelize.literal(`(SELECT id FROM ${table} WHERE salesperson_id = ${me})`) },
      },
      order: [['id', 'DESC']],
      limit,
    });
  const [onLeads, onPartners] = await Promise.all([newest('lead', 'leads'), newest('partner', 'partners')]);
  const rows = [...onLeads, ...onPartners].sort((a, b) => Number(b.id) - Number(a.id)).slice(0, limit);
  const idsOf = (type: string) => [...new Set(rows.filter((r) => r.recordType === type).map((r) => r.recordId))];
  const [leads, partners] = await Promise.all([
    Lead.findAll({ where: { id: idsOf('lead') }, attributes: ['id', 'name'] }),
    Partner.findAll({ where: { id: idsOf('partner') }, attributes: ['id', 'name'] }),
  ]);
  const names = new Map<string, string>([
    ...leads.map((lead) => [`lead:${lead.id}`, lead.name] as [string, string]),
    ...partners.map((partner) => [`partner:${partner.id}`, partner.name] as [string, string]),
  ]);
  return rows.map((row) => ({ ...traceDto(row), recordName: names.get(`${row.recordType}:${row.recordId}`) ?? null }));
}
