import type { Sql } from '../db/sql';
import { placeholders } from '../db/sql';

/**
 * The other direction of the rules in policy.ts: not "which records may this user see" but "which users may see
 * these records" — the own-records users a record is visible to, read from the columns the rules compare with the
 * actor's id (administrators and 'all' users see everything and need no list). The change log keeps these viewers
 * on each entry (domain/changes/seen-by.ts) so that a change feed can tell whether a reader could see a record
 * before it was deleted or left their view, without running the access rule per entry.
 *
 * Must name exactly the users the rules let see a record: test/server/access/viewers.test.ts checks it against
 * partnerVisibleSql, activityScope and recordLinkedScope for every user.
 */
export type ViewedEntity = 'partner' | 'activity' | 'document';

type Row = { id: number | string; a: number | string | null; b: number | string | null };

/**
 * partnerRowVisibleSql: salesperson or creator of the partner, of its company, or of a lead on it. `(ids)` is a
 * list of `?` placeholders the caller binds.
 */
function partnerViewerRows(list: string): string {
  return `SELECT p.id AS id, p.salesperson_id AS a, p.created_by_id AS b FROM partners p WHERE p.id IN (${list})
    UNION ALL SELECT p.id, c.salesperson_id, c.created_by_id FROM partners p JOIN partners c ON c.id = p.company_id
      WHERE p.id IN (${list})
    UNION ALL SELECT l.partner_id, l.salesperson_id, l.created_by_id FROM leads l WHERE l.partner_id IN (${list})`;
}

/**
 * linkedRecordVisibleSql on the (record_type, record_id) of the rows of `table`: a lead's salesperson or creator,
 * or a partner's viewers.
 */
function linkedViewerRows(table: string, list: string): string {
  return `SELECT t.id AS id, l.salesperson_id AS a, l.created_by_id AS b FROM ${table} t
      JOIN leads l ON t.record_type = 'lead' AND l.id = t.record_id WHERE t.id IN (${list})
    UNION ALL SELECT t.id, p.salesperson_id, p.created_by_id FROM ${table} t
      JOIN partners p ON t.record_type = 'partner' AND p.id = t.record_id WHERE t.id IN (${list})
    UNION ALL SELECT t.id, c.salesperson_id, c.created_by_id FROM ${table} t
      JOIN partners p ON t.record_type = 'partner' AND p.id = t.record_id JOIN partners c ON c.id = p.company_id
      WHERE t.id IN (${list})
    UNION ALL SELECT t.id, l.salesperson_id, l.created_by_id FROM ${table} t
      JOIN leads l ON t.record_type = 'partner' AND l.partner_id = t.record_id WHERE t.id IN (${list})`;
}

/** The statement and how many times it binds the id list. */
function viewerStatement(entity: ViewedEntity, list: string): { text: string; lists: number } {
  switch (entity) {
    case 'partner':
      return { text: partnerViewerRows(list), lists: 3 };
    case 'activity':
      // activityScope: assignee or creator, or linked to a record the actor may see.
      return {
        text: `SELECT t.id AS id, t.assigned_user_id AS a, t.created_by_id AS b FROM activities t WHERE t.id IN (${list})
          UNION ALL ${linkedViewerRows('activities', list)}`,
        lists: 5,
      };
    case 'document':
      // recordLinkedScope: on a record the actor may see.
      return { text: linkedViewerRows('documents', list), lists: 4 };
  }
}

/** The users each of these records is visible to under the own-records rules (records that are gone: no entry). */
export async function viewersOf(sql: Sql, entity: ViewedEntity, ids: number[]): Promise<Map<number, Set<number>>> {
  const viewers = new Map<number, Set<number>>();
  if (!ids.length) return viewers;
  const { text, lists } = viewerStatement(entity, placeholders(ids.length));
  const rows = await sql.all<Row>(text, Array.from({ length: lists }, () => ids).flat());
  for (const row of rows) {
    const id = Number(row.id);
    const users = viewers.get(id) ?? new Set<number>();
    for (const user of [row.a, row.b]) if (user !== null) users.add(Number(user));
    viewers.set(id, users);
  }
  return viewers;
}
