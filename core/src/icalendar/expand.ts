import ICAL from 'ical.js';
import { RecurrenceLimitError } from './errors';
import type { CalendarObject } from './parse';
import { fastForwardStart } from './fast-forward';
import { guardedIterator, type IterationBudget } from './recurrence-rules';
import { wallTimeAtFast } from './intl-zones';
import { epochMs, isoDate, wallClockMs, wallOf, zoneOfProperty, type ZoneRef } from './time';
import {
  componentTimes,
  instanceOverlaps,
  instanceSpan,
  shiftInstance,
  type InstanceTimes,
  type TimeRange,
} from './time-range';

/**
 * Caps for one object's expansion. `maxIterations` bounds the work ical.js does (candidate dates looked at,
 * including those before the range); `maxInstances` bounds the instances returned.
 */
export interface ExpansionLimits {
  maxInstances: number;
  maxIterations: number;
}

const HOUR = 3_600_000;

export const DEFAULT_EXPANSION_LIMITS: ExpansionLimits = { maxInstances: 3000, maxIterations: 200_000 };

export interface ExpandOptions {
  limits?: ExpansionLimits;
  /** IANA zone for floating times and dates (the calendar's CALDAV:calendar-timezone); UTC without. */
  floatingTz?: string | null;
  /** Stop at the first overlapping instance (a time-range filter only needs to know whether there is one). */
  firstOnly?: boolean;
  /** Iterate from DTSTART even when the range is far away (for checking fastForwardStart against the slow path). */
  noFastForward?: boolean;
}

export interface Occurrence {
  /** The component whose properties the instance has: the master, or the override for this instance. */
  component: ICAL.Component;
  /** The instance's original start (RECURRENCE-ID); null for a non-recurring component. */
  recurrenceId: ICAL.Time | null;
  /** The RECURRENCE-ID as epoch ms (null for a non-recurring component). */
  recurrenceIdMs: number | null;
  times: InstanceTimes;
  isOverride: boolean;
}

interface Candidate {
  time: ICAL.Time;
  ms: number;
  /** An RDATE;VALUE=PERIOD instance brings its own end. */
  periodEndMs?: number;
}

function isRecurring(component: ICAL.Component): boolean {
  return component.hasProperty('rrule') || component.hasProperty('rdate');
}

/**
 * The instances of a calendar object that overlap `range` (RFC 4791 §9.9), in start order for the master's set
 * followed by moved overrides. RRULEs without COUNT/UNTIL are fine: the expansion stops at the range end. A range
 * without end over an unbounded rule, or a rule that needs too many steps, throws RecurrenceLimitError.
 */
export function expandOccurrences(object: CalendarObject, range: TimeRange, options: ExpandOptions = {}): Occurrence[] {
  const limits = options.limits ?? DEFAULT_EXPANSION_LIMITS;
  const floatingTz = options.floatingTz ?? null;
  const result: Occurrence[] = [];
  const budget: IterationBudget = { used: 0, max: limits.maxIterations };
  const overridden = new Set<number>();
  const push = (occurrence: Occurrence): boolean => {
    result.push(occurrence);
    if (result.length > limits.maxInstances) throw new RecurrenceLimitError('instances', limits.maxInstances);
    return !!options.firstOnly;
  };
  for (const override of object.overrides) {
    const prop = override.getFirstProperty('recurrence-id')!;
    const zone = zoneOfProperty(prop);
    const recurrenceId = prop.getFirstValue() as ICAL.Time;
    const recurrenceIdMs = epochMs(recurrenceId, zone, floatingTz);
    overridden.add(recurrenceIdMs);
    const times = overrideTimes(override, object.master, recurrenceIdMs, floatingTz);
    if (
      instanceOverlaps(times, range) &&
      push({ component: override, recurrenceId, recurrenceIdMs, times, isOverride: true })
    )
      return result;
  }
  const master = object.master;
  if (!master) return result;
  const masterTimes = componentTimes(master, floatingTz);
  if (!isRecurring(master) || masterTimes.start === null) {
    if (instanceOverlaps(masterTimes, range))
      push({ component: master, recurrenceId: null, recurrenceIdMs: null, times: masterTimes, isOverride: false });
    return result;
  }
  const startProp = master.getFirstProperty('dtstart')!;
  const zone = zoneOfProperty(startProp);
  // Instances starting before this cannot reach into the range (their length is the master's). Rules count on the
  // wall clock, so the bound is read there too; an hour of slack covers a DST change in between.
  const masterSpan = instanceSpan(masterTimes);
  const span = masterSpan ? masterSpan.end - masterSpan.start : 0;
  const notBefore =
    range.start === null || options.noFastForward
      ? null
      : wallClockMs(range.start - span, masterTimes.startIsDate ? { kind: 'floating', tzid: null } : zone, floatingTz) -
        HOUR;
  const next = candidateStream(master, startProp.getFirstValue() as ICAL.Time, zone, floatingTz, budget, notBefore);
  const excluded = exclusions(master, floatingTz);
  let instances = 0;
  for (let candidate = next(); candidate; candidate = next()) {
    if (range.end !== null && candidate.ms >= range.end) break;
    if (range.end === null && !options.firstOnly && ++instances > limits.maxInstances) {
      throw new RecurrenceLimitError('instances', limits.maxInstances);
    }
    if (overridden.has(candidate.ms) || excluded.ms.has(candidate.ms) || excluded.dates.has(isoDate(candidate.time)))
      continue;
    let times = shiftInstance(masterTimes, candidate.ms - masterTimes.start);
    if (candidate.periodEndMs !== undefined) times = { ...times, end: candidate.periodEndMs, duration: null };
    if (!instanceOverlaps(times, range)) continue;
    if (
      push({ component: master, recurrenceId: candidate.time, recurrenceIdMs: candidate.ms, times, isOverride: false })
    )
      return result;
  }
  return result.sort((a, b) => (a.times.start ?? a.times.due ?? 0) - (b.times.start ?? b.times.due ?? 0));
}

/** An override without DTSTART keeps its original slot; without an end it keeps the master's duration. */
function overrideTimes(
  override: ICAL.Component,
  master: ICAL.Component | null,
  recurrenceIdMs: number,
  floatingTz: string | null,
): InstanceTimes {
  const own = componentTimes(override, floatingTz);
  if (own.start !== null) {
    if (own.end !== null || own.due !== null || !master) return own;
    const masterTimes = componentTimes(master, floatingTz);
    if (masterTimes.start === null || masterTimes.end === null) return own;
    return { ...own, end: own.start + (masterTimes.end - masterTimes.start) };
  }
  const masterTimes = master ? componentTimes(master, floatingTz) : own;
  return masterTimes.start === null ? own : shiftInstance(masterTimes, recurrenceIdMs - masterTimes.start);
}

function exclusions(master: ICAL.Component, floatingTz: string | null): { ms: Set<number>; dates: Set<string> } {
  const ms = new Set<number>();
  const dates = new Set<string>();
  for (const prop of master.getAllProperties('exdate')) {
    const zone = zoneOfProperty(prop);
    for (const value of prop.getValues() as ICAL.Time[]) {
      // An EXDATE;VALUE=DATE on a DATE-TIME event removes that day's instance, as ical.js and most clients read it.
      if (value.isDate) dates.add(isoDate(value));
      else ms.add(epochMs(value, zone, floatingTz));
    }
  }
  return { ms, dates };
}

/** RDATEs and DTSTART (always the first instance, RFC 5545 §3.8.5.3), sorted by start. */
function fixedDates(master: ICAL.Component, start: ICAL.Time, zone: ZoneRef, floatingTz: string | null): Candidate[] {
  const dates: Candidate[] = [{ time: start, ms: epochMs(start, zone, floatingTz) }];
  for (const prop of master.getAllProperties('rdate')) {
    const rdateZone = zoneOfProperty(prop);
    for (const value of prop.getValues() as Array<ICAL.Time | ICAL.Period>) {
      if (value instanceof ICAL.Period) {
        const ms = epochMs(value.start, rdateZone, floatingTz);
        const end = value.end ? epochMs(value.end, rdateZone, floatingTz) : ms + value.duration!.toSeconds() * 1000;
        dates.push({ time: value.start, ms, periodEndMs: end });
      } else {
        dates.push({ time: value, ms: epochMs(value, rdateZone, floatingTz) });
      }
    }
  }
  return dates.sort((a, b) => a.ms - b.ms);
}

/** The rule with a UTC UNTIL moved to the event's wall clock, for iterating floating times. */
function ruleOnWallClock(rule: ICAL.Recur, zone: ZoneRef): ICAL.Recur {
  const until = rule.until;
  if (
    !until ||
    until.isDate ||
    until.zone !== ICAL.Timezone.utcTimezone ||
    zone.kind === 'utc' ||
    zone.kind === 'floating'
  )
    return rule;
  const ms = until.toUnixTime() * 1000;
  const wall = zone.kind === 'iana' ? wallTimeAtFast(ms, zone.tzid) : wallOf(until.convertToZone(zone.zone));
  const copy = rule.clone();
  copy.until = ICAL.Time.fromData({ ...wall, isDate: false });
  return copy;
}

/** A merge of the RRULE iterators and the fixed dates, ascending, without duplicates. */
function candidateStream(
  master: ICAL.Component,
  start: ICAL.Time,
  zone: ZoneRef,
  floatingTz: string | null,
  budget: IterationBudget,
  notBeforeMs: number | null,
): () => Candidate | null {
  const fixed = fixedDates(master, start, zone, floatingTz);
  let fixedIndex = 0;
  // ical.js converts zoned times to UTC at every comparison inside its iterator (ten times slower); recurrence
  // rules are defined on the wall clock anyway, so iterate floating times and convert each instance once.
  const wallStart = start.clone();
  wallStart.zone = ICAL.Timezone.localTimezone;
  const heads = master.getAllProperties('rrule').map((prop) => {
    const rule = ruleOnWallClock(prop.getFirstValue() as ICAL.Recur, zone);
    const moved = notBeforeMs === null ? null : fastForwardStart(rule, wallStart, notBeforeMs);
    const iterator = guardedIterator(rule, (moved?.start ?? wallStart).clone(), budget);
    // ical.js yields its start first when it is not an instance (unless it moved the start to one itself).
    let pending: ICAL.Time | null = iterator.next();
    if (pending && moved?.skipFirst && pending.compare(moved.start) === 0) pending = iterator.next();
    const advance = (): Candidate | null => {
      const time = pending ?? iterator.next();
      pending = null;
      return time ? { time: time.clone(), ms: epochMs(time, zone, floatingTz) } : null;
    };
    return { advance, head: advance() };
  });
  let lastMs = -Infinity;
  return () => {
    for (;;) {
      let best: Candidate | null = fixed[fixedIndex] ?? null;
      let bestHead: (typeof heads)[number] | null = null;
      for (const h of heads) {
        if (h.head && (!best || h.head.ms < best.ms)) {
          best = h.head;
          bestHead = h;
        }
      }
      if (!best) return null;
      if (bestHead) bestHead.head = bestHead.advance();
      else fixedIndex++;
      if (best.ms === lastMs) continue;
      lastMs = best.ms;
      return best;
    }
  };
}
