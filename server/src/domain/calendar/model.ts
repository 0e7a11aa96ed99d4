import { CreationOptional, DataTypes, InferAttributes, InferCreationAttributes, Model, Sequelize } from 'sequelize';
import type { CalendarComponentName } from '@akte/core';
import { jsonText } from '../../db/json-column';

export class Calendar extends Model<InferAttributes<Calendar>, InferCreationAttributes<Calendar>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare ownerUserId: number | null;
  declare teamId: number | null;
  declare color: string | null;
  declare description: string | null;
  declare timezone: string | null;
  /** Comma-separated iCalendar components ('VTODO' for a phone's task list); null = events only. */
  declare components: CreationOptional<string | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

/** The components a calendar holds (migrations/0008-calendar-components.ts). */
export function calendarComponents(calendar: Pick<Calendar, 'components'>): CalendarComponentName[] {
  return calendar.components ? (calendar.components.split(',') as CalendarComponentName[]) : ['VEVENT'];
}

export type Privacy = 'public' | 'private' | 'confidential';

export class CalendarEvent extends Model<InferAttributes<CalendarEvent>, InferCreationAttributes<CalendarEvent>> {
  declare id: CreationOptional<number>;
  declare calendarId: number;
  declare uid: string;
  /** '' for the master event; the RECURRENCE-ID (ISO string) for an overridden occurrence. */
  declare recurrenceId: CreationOptional<string>;
  declare title: string;
  declare startsAt: Date;
  declare endsAt: Date;
  declare allDay: CreationOptional<boolean>;
  declare timezone: string | null;
  declare rrule: string | null;
  declare rdates: CreationOptional<string[]>;
  declare exdates: CreationOptional<string[]>;
  declare location: string | null;
  declare description: string | null;
  declare organizerUserId: number | null;
  declare privacy: CreationOptional<Privacy>;
  declare recordType: 'partner' | 'lead' | null;
  declare recordId: number | null;
  declare partnerId: number | null;
  declare createdById: number | null;
  declare revision: CreationOptional<number>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;
}

export type AttendeeStatus = 'needs-action' | 'accepted' | 'declined' | 'tentative';

export class EventAttendee extends Model<InferAttributes<EventAttendee>, InferCreationAttributes<EventAttendee>> {
  declare id: CreationOptional<number>;
  declare eventId: number;
  declare userId: number | null;
  declare partnerId: number | null;
  declare email: string | null;
  declare name: string | null;
  declare status: CreationOptional<AttendeeStatus>;
}

export function initCalendarModels(sequelize: Sequelize): void {
  Calendar.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      ownerUserId: { type: DataTypes.INTEGER, allowNull: true },
      teamId: { type: DataTypes.INTEGER, allowNull: true },
      color: { type: DataTypes.STRING(16), allowNull: true },
      description: { type: DataTypes.TEXT, allowNull: true },
      timezone: { type: DataTypes.STRING(64), allowNull: true },
      components: { type: DataTypes.STRING(64), allowNull: true },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'calendars', underscored: true },
  );
  CalendarEvent.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      calendarId: { type: DataTypes.INTEGER, allowNull: false },
      uid: { type: DataTypes.STRING(255), allowNull: false },
      recurrenceId: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' },
      title: { type: DataTypes.STRING(255), allowNull: false },
      startsAt: { type: DataTypes.DATE(3), allowNull: false },
      endsAt: { type: DataTypes.DATE(3), allowNull: false },
      allDay: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      timezone: { type: DataTypes.STRING(64), allowNull: true },
      rrule: { type: DataTypes.TEXT, allowNull: true },
      rdates: jsonText<string[]>('rdates', []),
      exdates: jsonText<string[]>('exdates', []),
      location: { type: DataTypes.STRING(500), allowNull: true },
      description: { type: DataTypes.TEXT, allowNull: true },
      organizerUserId: { type: DataTypes.INTEGER, allowNull: true },
      privacy: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'public' },
      recordType: { type: DataTypes.STRING(16), allowNull: true },
      recordId: { type: DataTypes.INTEGER, allowNull: true },
      partnerId: { type: DataTypes.INTEGER, allowNull: true },
      createdById: { type: DataTypes.INTEGER, allowNull: true },
      revision: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
      createdAt: DataTypes.DATE(3),
      updatedAt: DataTypes.DATE(3),
    },
    { sequelize, tableName: 'events', underscored: true },
  );
  EventAttendee.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      eventId: { type: DataTypes.INTEGER, allowNull: false },
      userId: { type: DataTypes.INTEGER, allowNull: true },
      partnerId: { type: DataTypes.INTEGER, allowNull: true },
      email: { type: DataTypes.STRING(254), allowNull: true },
      name: { type: DataTypes.STRING(255), allowNull: true },
      status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'needs-action' },
    },
    { sequelize, tableName: 'event_attendees', underscored: true, timestamps: false },
  );
  CalendarEvent.hasMany(EventAttendee, { as: 'attendees', foreignKey: 'eventId' });
  CalendarEvent.belongsTo(Calendar, { as: 'calendar', foreignKey: 'calendarId' });
}
