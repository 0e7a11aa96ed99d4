/**
 * iCalendar codec (RFC 5545) for CalDAV (RFC 4791) and the CRM, built on ical.js: validation of calendar object
 * resources, CRM event <-> VEVENT and activity <-> VTODO mapping that keeps what the CRM does not model, capped
 * recurrence expansion, RFC 4791 §9.9 time-range tests and free/busy. Isomorphic: zones come from Intl.
 */
export { ICalendarError, RecurrenceLimitError, type CalendarPrecondition } from './icalendar/errors';
export { checkICalendarSyntax, splitContentLines, type ContentLine } from './icalendar/content-lines';
export {
  parseICalendar,
  parseCalendarObject,
  type CalendarComponentName,
  type CalendarObject,
  type ParseCalendarObjectOptions,
} from './icalendar/parse';
export { recurrenceRuleProblem, PROBE_ITERATIONS } from './icalendar/recurrence-rules';
export { isKnownTimeZone, wallTimeToMs, wallTimeAt, zoneOffsetMs, type WallTime } from './icalendar/intl-zones';
export { epochMs, zoneOfProperty, resolveTzid, type ZoneRef } from './icalendar/time';
export {
  componentTimes,
  instanceOverlaps,
  instanceSpan,
  overlapsTimeRange,
  type InstanceTimes,
  type TimeRange,
} from './icalendar/time-range';
export {
  expandOccurrences,
  DEFAULT_EXPANSION_LIMITS,
  type ExpansionLimits,
  type ExpandOptions,
  type Occurrence,
} from './icalendar/expand';
export { expandedCalendarData } from './icalendar/expanded-data';
export { alarmFiresIn } from './icalendar/alarms';
export {
  eventFromComponent,
  eventsFromCalendarObject,
  privacyOfClass,
  type AttendeeStatus,
  type EventAttendeeData,
  type EventData,
  type EventPerson,
  type EventPrivacy,
  type ReadOptions,
} from './icalendar/event-read';
export {
  applyEventData,
  writeEventsToCalendarObject,
  type WriteOptions,
  type WriteResult,
} from './icalendar/event-write';
export {
  taskFromCalendarObject,
  taskFromComponent,
  writeTaskToCalendarObject,
  type TaskData,
  type TaskReadOptions,
  type TaskStatus,
} from './icalendar/todo';
export { busyPeriods, freeBusyCalendar, mergePeriods, type BusyPeriod, type BusyType } from './icalendar/free-busy';
export { vtimezoneFromIntl } from './icalendar/vtimezone';
