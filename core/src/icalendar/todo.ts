import ICAL from 'ical.js';
import { ICalendarError } from './errors';
import { isKnownTimeZone, wallTimeAt } from './intl-zones';
import { parseICalendar, type CalendarObject } from './parse';
import { epochMs, zoneOfProperty } from './time';

/**
 * The CRM's view of a VTODO: an activity with a due date (server/src/domain/activities/model.ts). The activity's
 * due date and time are a wall clock without zone, which is exactly a floating DUE (RFC 5545 §3.3.5 form #1).
 */
export type TaskStatus = 'open' | 'done' | 'cancelled';

export interface TaskData {
  uid: string;
  summary: string;
  note: string | null;
  /** "YYYY-MM-DD" */
  dueDate: string | null;
  /** "HH:MM", null for a date-only due */
  dueTime: string | null;
  status: TaskStatus;
  doneAt: Date | null;
}

export interface TaskReadOptions {
  /** The user's IANA zone: a DUE in UTC or another zone is shown as that zone's wall clock. */
  timezone?: string | null;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function statusOf(todo: ICAL.Component): TaskStatus {
  const status = String(todo.getFirstPropertyValue('status') ?? '').toUpperCase();
  if (status === 'CANCELLED') return 'cancelled';
  // Some clients only set COMPLETED (or PERCENT-COMPLETE:100) when a task is ticked off.
  if (
    status === 'COMPLETED' ||
    todo.hasProperty('completed') ||
    Number(todo.getFirstPropertyValue('percent-complete')) === 100
  )
    return 'done';
  return 'open';
}

function dueOf(todo: ICAL.Component, options: TaskReadOptions): Pick<TaskData, 'dueDate' | 'dueTime'> {
  const prop = todo.getFirstProperty('due') ?? todo.getFirstProperty('dtstart');
  const value = prop?.getFirstValue();
  if (!prop || !(value instanceof ICAL.Time)) return { dueDate: null, dueTime: null };
  let wall = { year: value.year, month: value.month, day: value.day, hour: value.hour, minute: value.minute };
  const zone = zoneOfProperty(prop);
  if (!value.isDate && zone.kind !== 'floating' && options.timezone && isKnownTimeZone(options.timezone)) {
    wall = wallTimeAt(epochMs(value, zone), options.timezone);
  }
  const dueDate = `${String(wall.year).padStart(4, '0')}-${pad(wall.month)}-${pad(wall.day)}`;
  return { dueDate, dueTime: value.isDate ? null : `${pad(wall.hour)}:${pad(wall.minute)}` };
}

/** A VTODO in the CRM's terms. Without DUE, DTSTART stands in for it. */
export function taskFromComponent(todo: ICAL.Component, options: TaskReadOptions = {}): TaskData {
  if (todo.name !== 'vtodo')
    throw new ICalendarError('supported-calendar-component', `${todo.name.toUpperCase()} is not a task`);
  const status = statusOf(todo);
  const completed = todo.getFirstPropertyValue('completed');
  const completedProp = todo.getFirstProperty('completed');
  const description = todo.getFirstPropertyValue('description');
  return {
    uid: String(todo.getFirstPropertyValue('uid') ?? ''),
    summary: String(todo.getFirstPropertyValue('summary') ?? ''),
    note: typeof description === 'string' && description !== '' ? description : null,
    ...dueOf(todo, options),
    status,
    doneAt:
      status === 'done' && completed instanceof ICAL.Time && completedProp
        ? new Date(epochMs(completed, zoneOfProperty(completedProp)))
        : null,
  };
}

export function taskFromCalendarObject(object: CalendarObject, options: TaskReadOptions = {}): TaskData {
  const todo = object.master ?? object.overrides[0];
  return taskFromComponent(todo, options);
}

function dueKey(task: Pick<TaskData, 'dueDate' | 'dueTime'>): string {
  return `${task.dueDate ?? ''} ${task.dueTime ?? ''}`;
}

function dueValue(task: TaskData): ICAL.Time | null {
  if (!task.dueDate) return null;
  const [year, month, day] = task.dueDate.split('-').map(Number);
  if (!task.dueTime) return ICAL.Time.fromData({ year, month, day, isDate: true });
  const [hour, minute] = task.dueTime.split(':').map(Number);
  return ICAL.Time.fromData({ year, month, day, hour, minute, second: 0, isDate: false });
}

function writeStatus(todo: ICAL.Component, task: TaskData, now: Date): void {
  for (const name of ['status', 'completed', 'percent-complete']) todo.removeAllProperties(name);
  if (task.status === 'open') {
    todo.addPropertyWithValue('status', 'NEEDS-ACTION');
    return;
  }
  if (task.status === 'cancelled') {
    todo.addPropertyWithValue('status', 'CANCELLED');
    return;
  }
  todo.addPropertyWithValue('status', 'COMPLETED');
  todo.addPropertyWithValue(
    'completed',
    ICAL.Time.fromJSDate(new Date(Math.floor((task.doneAt ?? now).getTime() / 1000) * 1000), true),
  );
  todo.addPropertyWithValue('percent-complete', 100);
}

/**
 * The VTODO for a CRM activity; with `base` (what a client stored) only what differs is rewritten, so alarms,
 * priorities, categories and X- properties stay.
 */
export function writeTaskToCalendarObject(
  task: TaskData,
  base: string | null,
  options: { now?: Date; prodId?: string; timezone?: string | null } = {},
): { text: string; changed: boolean } {
  const now = options.now ?? new Date();
  const root = base ? parseICalendar(base) : new ICAL.Component('vcalendar');
  if (!base) {
    root.addPropertyWithValue('version', '2.0');
    root.addPropertyWithValue('prodid', options.prodId ?? '-//Akte//Akte CRM//EN');
  }
  let todo = root.getAllSubcomponents('vtodo').find((c) => !c.hasProperty('recurrence-id')) ?? null;
  if (!todo) {
    todo = new ICAL.Component('vtodo');
    todo.addPropertyWithValue('uid', task.uid);
    root.addSubcomponent(todo);
  }
  const current = taskFromComponent(todo, options);
  let changed = !base;
  if (current.summary !== task.summary) {
    todo.updatePropertyWithValue('summary', task.summary);
    changed = true;
  }
  if (current.note !== task.note) {
    todo.removeAllProperties('description');
    if (task.note) todo.addPropertyWithValue('description', task.note);
    changed = true;
  }
  if (dueKey(current) !== dueKey(task)) {
    todo.removeAllProperties('due');
    const due = dueValue(task);
    if (due) {
      const prop = new ICAL.Property('due', todo);
      if (due.isDate) prop.resetType('date');
      prop.setValue(due);
      todo.addProperty(prop);
      // RFC 5545 §3.8.2.3: DUE must not be before DTSTART and must have its value type; a stale DTSTART goes.
      const start = todo.getFirstPropertyValue('dtstart');
      if (start instanceof ICAL.Time && (start.isDate !== due.isDate || start.compare(due) > 0))
        todo.removeAllProperties('dtstart');
    }
    changed = true;
  }
  if (current.status !== task.status) {
    writeStatus(todo, task, now);
    changed = true;
  }
  if (!changed && base) return { text: base, changed: false };
  const stampTime = ICAL.Time.fromJSDate(new Date(Math.floor(now.getTime() / 1000) * 1000), true);
  todo.updatePropertyWithValue('dtstamp', stampTime);
  todo.updatePropertyWithValue('last-modified', stampTime.clone());
  return { text: root.toString(), changed: true };
}
