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
 * Read as ORDER BY id DESC with per-row probes on the leads and partners primary keys: the newest entries are
 * read first and the scan stops at `limit` matches.
 */
export async function listRecentHistory(actor: Actor, limit: number): Promise<RecentTraceDto[]> {
  const me = Number(actor.userId);
  if (!Number.isSafeInteger(me)) throw new Error('actor without a user id');
  const mine = Sequelize.literal(`(
      (record_type = 'lead' AND EXISTS (SELECT 1 FROM leads ml WHERE ml.id = record_id AND ml.salesperson_id = ${me}))
      OR (record_type = 'partner' AND EXISTS (SELECT 1 FROM partners mp WHERE mp.id = record_id AND mp.salesperson_id = ${me}))
    )`);
  const rows = await Trace.findAll({ where: { [Op.and]: [mine] }, order: [['id', 'DESC']], limit });
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
