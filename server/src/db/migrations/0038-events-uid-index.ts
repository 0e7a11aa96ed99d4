import { QueryInterface } from 'sequelize';

/**
 * An event series is found by its UID across calendars: the sync's first-sync match (issue #11 item 14: a meeting
 * another user brought in is adopted, not copied) asks for every remote event whether a series with its UID exists
 * in any calendar the owner may see. The only UID index led with calendar_id (events_uid_unique), so that question
 * was a scan of the whole events table — per remote event, which made a first sync quadratic in the calendar's size
 * (SQLite EXPLAIN: SCAN events; with this index: SEARCH events USING INDEX events_uid (uid=?)).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('events', ['uid'], { name: 'events_uid' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('events', 'events_uid');
}
