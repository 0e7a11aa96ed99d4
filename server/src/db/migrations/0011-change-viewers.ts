import { DataTypes, QueryInterface } from 'sequelize';

/**
 * `changes.seen_by`: the own-records users who could see the record of a change-log entry (domain/changes/seen-by.ts),
 * so that a change feed reports a deletion, or a record that left the reader's view, only to readers who could see
 * it. NULL for entries written before (treated as before) and in collections that are visible whole.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('changes', 'seen_by', { type: DataTypes.TEXT, allowNull: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeColumn('changes', 'seen_by');
}
