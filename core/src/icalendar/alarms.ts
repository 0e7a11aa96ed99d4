import ICAL from 'ical.js';
import type { CalendarObject } from './parse';
import { epochMs, zoneOfProperty } from './time';
import type { InstanceTimes, TimeRange } from './time-range';
import { expandOccurrences, type ExpansionLimits } from './expand';

/**
 * When a VALARM fires (RFC 5545 §3.8.6.3 TRIGGER, §3.8.6.2 REPEAT, §3.8.2.5 DURATION) and whether it fires within a
 * time range (RFC 4791 §9.9: start <= trigger < end, any repetition counts, for every instance of the component the
 * alarm belongs to). Pure.
 */

/** More repetitions than anyone sets; the cap keeps a hostile REPEAT from costing anything. */
const MAX_REPEATS = 1000;
const DAY = 86_400_000;

/** When an alarm fires, relative to its instance (or absolute). */
interface AlarmSchedule {
  /** An absolute trigger (VALUE=DATE-TIME): the same for every instance. */
  absolute: number | null;
  /** Relative trigger: offset in ms from the start (RELATED=START, the default) or the end of the instance. */
  offset: number;
  related: 'START' | 'END';
  /** Every firing after the first, as offsets from the first (REPEAT × DURATION). */
  repeats: number[];
}

function scheduleOf(alarm: ICAL.Component, floatingTz: string | null): AlarmSchedule | null {
  const trigger = alarm.getFirstProperty('trigger');
  const value = trigger?.getFirstValue();
  if (!trigger || !value) return null;
  const repeatCount = Math.min(Number(alarm.getFirstPropertyValue('repeat') ?? 0) || 0, MAX_REPEATS);
  const every = alarm.getFirstPropertyValue('duration');
  const step = every instanceof ICAL.Duration ? every.toSeconds() * 1000 : 0;
  // REPEAT without DURATION (or the other way round) is invalid (RFC 5545 §3.6.6): the alarm fires once.
  const repeats = step > 0 ? Array.from({ length: Math.max(repeatCount, 0) }, (_, k) => (k + 1) * step) : [];
  if (value instanceof ICAL.Time) {
    return { absolute: epochMs(value, zoneOfProperty(trigger), floatingTz), offset: 0, related: 'START', repeats };
  }
  if (!(value instanceof ICAL.Duration)) return null;
  const related = String(trigger.getParameter('related') ?? 'START').toUpperCase() === 'END' ? 'END' : 'START';
  return { absolute: null, offset: value.toSeconds() * 1000, related, repeats };
}

/** The instant a relative trigger is measured from; null when the instance has no such time. */
function anchorOf(times: InstanceTimes, related: 'START' | 'END'): number | null {
  if (related === 'START') return times.start ?? times.due;
  if (times.end !== null) return times.end;
  if (times.due !== null) return times.due;
  return times.start !== null && times.duration !== null ? times.start + times.duration : times.start;
}

const inRange = (ms: number, range: TimeRange): boolean =>
  (range.start === null || ms >= range.start) && (range.end === null || ms < range.end);

function firesIn(first: number, schedule: AlarmSchedule, range: TimeRange): boolean {
  return inRange(first, range) || schedule.repeats.some((after) => inRange(first + after, range));
}

/**
 * Whether `alarm`, a VALARM of `parent` (the master or an override of `object`), fires within `range` for any
 * instance of `parent`. Instances are expanded only as far as a firing could reach into the range; an endless rule
 * with an open range end throws RecurrenceLimitError like any expansion.
 */
export function alarmFiresIn(
  object: CalendarObject,
  parent: ICAL.Component,
  alarm: ICAL.Component,
  range: TimeRange,
  options: { floatingTz?: string | null; limits?: ExpansionLimits } = {},
): boolean {
  const floatingTz = options.floatingTz ?? null;
  const schedule = scheduleOf(alarm, floatingTz);
  if (!schedule) return false;
  if (schedule.absolute !== null) return firesIn(schedule.absolute, schedule, range);
  // An instance whose anchor lies this far outside the range cannot fire inside it.
  const last = schedule.repeats.length ? schedule.repeats[schedule.repeats.length - 1] : 0;
  const before = Math.max(0, schedule.offset + last);
  const after = Math.max(0, -schedule.offset);
  // END-related anchors sit an instance length after the start: widen by a generous margin, then test exactly.
  const margin = schedule.related === 'END' ? 366 * DAY : DAY;
  const widened: TimeRange = {
    start: range.start === null ? null : range.start - before - margin,
    end: range.end === null ? null : range.end + after + margin,
  };
  const instances = expandOccurrences(object, widened, { floatingTz, limits: options.limits }).filter(
    (occurrence) => occurrence.component === parent,
  );
  return instances.some((occurrence) => {
    const anchor = anchorOf(occurrence.times, schedule.related);
    return anchor !== null && firesIn(anchor + schedule.offset, schedule, range);
  });
}
