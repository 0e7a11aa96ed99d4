import { DataTypes, QueryInterface } from 'sequelize';

/**
 * `calendars.components`: the iCalendar components a calendar holds, comma-separated ('VTODO' for a task list a
 * phone created with MKCALENDAR, e.g. an iOS Reminders list). NULL — every calendar so far — means events only.
 * CalDAV advertises it as supported-calendar-component-set (RFC 4791 §5.2.3) and refuses other components on PUT.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('calendars', 'components', { type: DataTypes.STRING(64), allowNull: true });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeColumn('calendars', 'components');
}
