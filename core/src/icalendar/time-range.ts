import ICAL from 'ical.js';
import { epochMs, zoneOfProperty } from './time';

/** The times of one (possibly expanded) component instance that RFC 4791 §9.9 looks at, in epoch ms. */
export interface InstanceTimes {
  name: string;
  start: number | null;
  startIsDate: boolean;
  /** DTEND, or DTSTART + DURATION. */
  end: number | null;
  /** The DURATION property in ms (VEVENT: only its sign matters; zero means an instant). */
  duration: number | null;
  due: number | null;
  completed: number | null;
  created: number | null;
}

/** A time range; null bounds are open (RFC 4791 §9.9 allows either attribute to be missing). */
export interface TimeRange {
  start: number | null;
  end: number | null;
}

const DAY = 86_400_000;

function propertyMs(component: ICAL.Component, name: string, floatingTz?: string | null): number | null {
  const prop = component.getFirstProperty(name);
  const value = prop?.getFirstValue();
  if (!prop || !(value instanceof ICAL.Time)) return null;
  return epochMs(value, zoneOfProperty(prop), floatingTz);
}

/** The §9.9 times of `component` as written (no recurrence expansion). */
export function componentTimes(component: ICAL.Component, floatingTz?: string | null): InstanceTimes {
  const start = propertyMs(component, 'dtstart', floatingTz);
  const startValue = component.getFirstPropertyValue('dtstart');
  const durationValue = component.getFirstPropertyValue('duration');
  const duration = durationValue instanceof ICAL.Duration ? durationValue.toSeconds() * 1000 : null;
  let end = propertyMs(component, 'dtend', floatingTz);
  if (end === null && start !== null && duration !== null) end = start + duration;
  return {
    name: component.name.toUpperCase(),
    start,
    startIsDate: startValue instanceof ICAL.Time && startValue.isDate,
    end,
    duration,
    due: propertyMs(component, 'due', floatingTz),
    completed: propertyMs(component, 'completed', floatingTz),
    created: propertyMs(component, 'created', floatingTz),
  };
}

/** The same instance moved by `delta` ms (a recurrence instance of a master); COMPLETED and CREATED stay. */
export function shiftInstance(times: InstanceTimes, delta: number): InstanceTimes {
  const move = (ms: number | null): number | null => (ms === null ? null : ms + delta);
  return { ...times, start: move(times.start), end: move(times.end), due: move(times.due) };
}

/** Start and end of an instance as it occupies time (the VEVENT/VTODO rows of the §9.9 tables, reduced). */
export function instanceSpan(t: InstanceTimes): { start: number; end: number } | null {
  if (t.start === null) return t.due === null ? null : { start: t.due, end: t.due };
  if (t.end !== null) return { start: t.start, end: Math.max(t.end, t.start) };
  if (t.due !== null) return { start: t.start, end: Math.max(t.due, t.start) };
  return { start: t.start, end: t.start + (t.startIsDate ? DAY : 0) };
}

/** RFC 4791 §9.9: does this instance overlap [range.start, range.end)? */
export function instanceOverlaps(t: InstanceTimes, range: TimeRange): boolean {
  const S = range.start ?? -Infinity;
  const E = range.end ?? Infinity;
  if (t.name === 'VEVENT') {
    if (t.start === null) return false;
    if (t.end !== null && (t.duration === null || t.duration > 0)) return S < t.end && E > t.start;
    if (t.end === null && t.startIsDate) return S < t.start + DAY && E > t.start;
    return S <= t.start && E > t.start;
  }
  if (t.name === 'VTODO') {
    if (t.start !== null && t.duration !== null) {
      const end = t.start + t.duration;
      return S <= end && (E > t.start || E >= end);
    }
    if (t.start !== null && t.due !== null) return (S < t.due || S <= t.start) && (E > t.start || E >= t.due);
    if (t.start !== null) return S <= t.start && E > t.start;
    if (t.due !== null) return S < t.due && E >= t.due;
    if (t.completed !== null && t.created !== null) {
      return (S <= t.created || S <= t.completed) && (E >= t.created || E >= t.completed);
    }
    if (t.completed !== null) return S <= t.completed && E >= t.completed;
    if (t.created !== null) return E > t.created;
    return true;
  }
  if (t.name === 'VJOURNAL') {
    if (t.start === null) return false;
    if (t.startIsDate) return S < t.start + DAY && E > t.start;
    return S <= t.start && E > t.start;
  }
  return false;
}

/**
 * RFC 4791 §9.9 for one component as written, without expanding its recurrence (see expandOccurrences for
 * that). Floating times and dates are read in `floatingTz`, the calendar's CALDAV:calendar-timezone.
 */
export function overlapsTimeRange(
  component: ICAL.Component,
  start: Date | null,
  end: Date | null,
  floatingTz?: string | null,
): boolean {
  return instanceOverlaps(componentTimes(component, floatingTz), {
    start: start ? start.getTime() : null,
    end: end ? end.getTime() : null,
  });
}
