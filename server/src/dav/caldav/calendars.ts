import { Op } from 'sequelize';
import { calendarScope, calendarVisibleSql, within } from '../../access/policy';
import { sqlOf } from '../../db/sql';
import { collections } from '../../domain/changes/collections';
import {
  createCalendar,
  CALENDAR_COLUMNS,
  calendarFromRow,
  type CalendarRow,
  deleteCalendar,
  ensurePersonalCalendar,
  updateCalendar,
} from '../../domain/calendar/calendars';
import { Calendar, calendarComponents } from '../../domain/calendar/model';
import type { DavCollection, DavCollectionKind, DavScope, DavWriteScope } from '../collections/types';
import { DavObject } from '../store/model';
import { domainContext } from '../mapping/partner-write';
import { DavError } from '../errors';
import type { XmlElement } from '../xml/parse';
import { appleical, caldav, dav } from '../xml/namespaces';
import { el } from '../xml/multistatus';
import {
  deleteItem,
  getItems,
  itemChanges,
  itemMeta,
  listItems,
  putItem,
  type CalendarItemsSpec,
} from './calendar-items';
import { calendarProps, ICAL_CONTENT_TYPE, MAX_ICAL_BYTES, timezoneFromProperty } from './ical-body';
import { calendarQuery, freeBusyQuery } from './query';
import { changeLogVersion } from '../store/change-version';

/**
 * The CRM's calendars as CalDAV calendars: the user's own and their teams' (OpenERP's group calendars), at
 * `/dav/calendars/<email>/<calendar id>/`. MKCALENDAR creates a CRM calendar owned by the user; the segment the
 * client chose is kept as an alias (a dav_objects row, key `calendars:user:<id>`, entity `calendar`), so the
 * collection lives at the URL the client asked for. Other calendars the policy lets the actor see (everything for
 * 'all'/admin) resolve by id but are not listed: a phone should show the user's calendars, not the company's.
 */
const aliasKey = (userId: number): string => `calendars:user:${userId}`;

const TASKS_SEGMENT = 'tasks';

async function aliasesOf(userId: number, tx?: DavWriteScope['tx']): Promise<DavObject[]> {
  return DavObject.findAll({
    where: { collectionKey: aliasKey(userId), entity: 'calendar', body: { [Op.ne]: null } },
    transaction: tx,
  });
}

function calendarCollection(calendar: Calendar, segment: string, clientCreated: boolean): DavCollection {
  const spec: CalendarItemsSpec = { calendar, key: collections.calendar(calendar.id), segment };
  const components = calendarComponents(calendar);
  const collection: DavCollection = {
    segment,
    resourceTypes: [caldav('calendar')],
    itemContentType: ICAL_CONTENT_TYPE,
    maxResourceSize: MAX_ICAL_BYTES,
    reports: [caldav('calendar-multiget'), caldav('calendar-query'), caldav('free-busy-query'), dav('sync-collection')],
    queries: { [caldav('calendar-query')]: (scope, request) => calendarQuery(spec, scope, request, components) },
    freeBusy: (scope, request) => freeBusyQuery(spec, scope, request),
    writable: true,
    properties: async () =>
      calendarProps({
        displayName: calendar.name,
        description: calendar.description,
        color: calendar.color,
        timezone: calendar.timezone,
        components,
      }),
    list: () => listItems(spec),
    get: (scope, names, want) => getItems(spec, scope, names, want),
    head: (scope, name) => itemMeta(spec, scope, name),
    put: (scope, name, body, contentType, precondition) => putItem(spec, scope, name, body, contentType, precondition),
    delete: (scope, name) => deleteItem(spec, scope, name),
    changes: (scope, since, limit) => itemChanges(spec, scope, since, limit),
    syncRevision: async (scope) =>
      (await changeLogVersion(scope.services.sequelize, spec.key, scope.versionAhead)).revision,
    patch: (scope, set, remove) => patchCalendar(scope, calendar, set, remove),
  };
  if (clientCreated) {
    collection.remove = async (scope) => {
      await deleteCalendar(domainContext(scope), calendar.id);
      await DavObject.destroy({
        where: { collectionKey: aliasKey(scope.actor.userId), entity: 'calendar', entityId: calendar.id },
        transaction: scope.tx,
      });
    };
  }
  return collection;
}

/**
 * The components a MKCALENDAR asks for (RFC 4791 §5.2.3), as stored in calendars.components: undefined (events, the
 * default) when none or only VEVENT is named. VEVENTs become CRM events; VTODOs are kept as the client sent them (a
 * phone's own task list: iOS Reminders, Thunderbird, tasks.org). Anything else has no place here. Pure.
 */
export function requestedComponents(set: XmlElement | undefined): string[] | undefined {
  const names = [...new Set((set?.children ?? []).map((c) => (c.attrs.name ?? '').toUpperCase()))];
  const refused = names.filter((name) => name !== 'VEVENT' && name !== 'VTODO');
  if (refused.length) {
    throw new DavError(
      403,
      `Calendars here hold events (VEVENT) or tasks (VTODO), not ${refused.join(', ')}`,
      el(caldav('supported-calendar-component')),
    );
  }
  if (!names.length || (names.length === 1 && names[0] === 'VEVENT')) return undefined;
  return names.sort();
}

type CalendarColumn = 'name' | 'color' | 'description' | 'timezone';
const PATCHABLE: Record<string, CalendarColumn> = {
  [dav('displayname')]: 'name',
  [appleical('calendar-color')]: 'color',
  [caldav('calendar-description')]: 'description',
  [caldav('calendar-timezone')]: 'timezone',
};

function columnValue(column: CalendarColumn, text: string | null): string | null {
  if (text === null) return null;
  if (column === 'timezone') return timezoneFromProperty(text)?.slice(0, 64) ?? null;
  if (column === 'color') return text.trim().slice(0, 16) || null;
  return column === 'name' ? text.trim().slice(0, 200) : text;
}

/** PROPPATCH (RFC 4791 §5.2, Apple's calendar-color): the CRM calendar's name, color, description and zone. */
async function patchCalendar(
  scope: DavWriteScope,
  calendar: Calendar,
  set: Map<string, XmlElement>,
  remove: string[],
): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  const changes: Partial<Record<CalendarColumn, string | null>> = {};
  for (const [name, element] of set) {
    const column = PATCHABLE[name];
    if (column) changes[column] = columnValue(column, element.text);
    result.set(name, column ? 200 : 403);
  }
  for (const name of remove) {
    const column = PATCHABLE[name];
    // A calendar always has a name; removing displayname is refused.
    const allowed = column && column !== 'name';
    if (allowed) changes[column] = null;
    result.set(name, allowed ? 200 : 403);
  }
  if (changes.name === '') result.set(dav('displayname'), 403);
  if ([...result.values()].every((s) => s === 200)) {
    await updateCalendar(domainContext(scope), calendar.id, { ...changes, name: changes.name ?? undefined });
    Object.assign(calendar, changes.name === undefined ? { ...changes, name: calendar.name } : changes);
  }
  return result;
}

/** The calendar id a numeric segment names (a client's own segment is never numeric: create refuses those). Pure. */
const calendarIdOf = (segment: string): number | null => (/^[1-9]\d{0,9}$/.test(segment) ? Number(segment) : null);

async function ownCalendars(scope: DavScope): Promise<Calendar[]> {
  await ensurePersonalCalendar(scope.actor);
  const mine = {
    [Op.or]: [
      { ownerUserId: scope.actor.userId },
      ...(scope.actor.teamIds.length ? [{ teamId: { [Op.in]: scope.actor.teamIds } }] : []),
    ],
  };
  return Calendar.findAll({ where: within(calendarScope(scope.actor), mine), order: [['id', 'ASC']] });
}

export const calendarsKind: DavCollectionKind = {
  home: 'calendars',
  creates: caldav('calendar'),
  async list(scope) {
    const [calendars, aliases] = await Promise.all([ownCalendars(scope), aliasesOf(scope.actor.userId)]);
    const segmentOf = new Map(aliases.map((a) => [a.entityId!, a.name]));
    return calendars.map((c) => calendarCollection(c, segmentOf.get(c.id) ?? String(c.id), segmentOf.has(c.id)));
  },
  async find(scope, segment) {
    // One statement per request: the calendar a client's segment (MKCALENDAR alias) or numeric id names, if the
    // policy lets the actor see it, and whether it was found by alias.
    const numericId = calendarIdOf(segment);
    const key = aliasKey(scope.actor.userId);
    const [row] = await sqlOf(scope.services.sequelize).all<CalendarRow & { alias: string | null }>(
      `SELECT ${CALENDAR_COLUMNS},
              (SELECT a.name FROM dav_objects a WHERE a.collection_key = ? AND a.entity = 'calendar' AND a.name = ?
                  AND a.entity_id = c.id AND a.body IS NOT NULL) AS alias
         FROM calendars c
        WHERE ${calendarVisibleSql(scope.actor, 'c')}
          AND c.id = COALESCE((SELECT a.entity_id FROM dav_objects a WHERE a.collection_key = ? AND a.entity = 'calendar'
                                  AND a.name = ? AND a.body IS NOT NULL LIMIT 1), ?)`,
      [key, segment, key, segment, numericId],
    );
    if (!row) return null;
    const { alias, ...columns } = row;
    return calendarCollection(calendarFromRow(columns), segment, alias !== null);
  },
  changeLogOf: (segment) => {
    const id = calendarIdOf(segment);
    return id === null ? null : collections.calendar(id);
  },
  async create(scope, segment, props) {
    if (segment === TASKS_SEGMENT || /^\d+$/.test(segment)) throw new DavError(409, 'Reserved collection name');
    const text = (name: string): string | null => props.get(name)?.text ?? null;
    const calendar = await createCalendar(domainContext(scope), {
      name: (text(dav('displayname'))?.trim() || segment).slice(0, 200),
      color: columnValue('color', text(appleical('calendar-color'))),
      description: text(caldav('calendar-description')),
      timezone: columnValue('timezone', text(caldav('calendar-timezone'))),
      components: requestedComponents(props.get(caldav('supported-calendar-component-set'))),
    });
    await DavObject.create(
      {
        collectionKey: aliasKey(scope.actor.userId),
        name: segment,
        entity: 'calendar',
        entityId: calendar.id,
        uid: null,
        body: '',
        contentType: 'text/calendar',
        version: null,
        etag: '""',
      },
      { transaction: scope.tx },
    );
    return calendarCollection(calendar, segment, true);
  },
};
