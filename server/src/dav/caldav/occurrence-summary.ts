import {
  expandOccurrences,
  instanceOverlaps,
  parseCalendarObject,
  RecurrenceLimitError,
  type CalendarComponentName,
  type InstanceTimes,
  type TimeRange,
} from '@akte/core';
import type { XmlElement } from '../xml/parse';
import { child, childrenNamed } from '../xml/parse';
import { caldav } from '../xml/namespaces';
import type { DavScope } from '../collections/types';
import type { DavCaches } from '../caches';

/**
 * The filter almost every calendar client sends for "what is on in this window" (RFC 4791 §7.8.1 example):
 * VCALENDAR ⊃ VEVENT with one time-range and nothing else. For it, whether an object matches depends only on the
 * times of its VEVENT instances, so those times are worked out once per body (parse + expansion with ical.js) and
 * kept: the next window tests numbers instead of parsing again. Objects whose instances cannot be listed in full
 * (an RRULE without end, or more than the instance cap) keep no summary and are evaluated per query as before.
 */
const LIMITS = { maxInstances: 1000, maxIterations: 200_000 };

export interface Summary {
  /** Every instance of the object's VEVENTs (master set and overrides); empty = no VEVENT at all. */
  instances: InstanceTimes[];
}

/**
 * Kept in the process's DAV caches (`occurrences`), keyed by the body itself (identical bytes expand identically), with the floating zone it was worked out for. The
 * body alone is the key because a body served from the render cache is the same string every time, whose hash V8
 * keeps: a key built from zone + body would be a new 1 KB string to hash for every item of every query.
 */
export interface OccurrenceMemo {
  floatingTz: string | null;
  summary: Summary | 'unbounded';
}

/** The time-range of a filter of exactly that shape, or null (anything more goes through the full evaluation). Pure. */
export function plainEventWindow(filter: XmlElement | undefined): XmlElement | null {
  if (!filter || filter.children.length !== 1) return null;
  const calendar = child(filter, caldav('comp-filter'));
  if (!calendar || (calendar.attrs.name ?? '').toUpperCase() !== 'VCALENDAR' || calendar.children.length !== 1)
    return null;
  const [event] = childrenNamed(calendar, caldav('comp-filter'));
  if (!event || (event.attrs.name ?? '').toUpperCase() !== 'VEVENT' || event.children.length !== 1) return null;
  return child(event, caldav('time-range')) ?? null;
}

/**
 * Every instance time of the object's VEVENTs, or 'unbounded'. Also worked out for a rendering kept in the database
 * (persisted-renderings.ts), so that a fresh process finds it with the body.
 */
export function summarize(
  body: string,
  allowed: CalendarComponentName[] | undefined,
  floatingTz: string | null,
): Summary | 'unbounded' {
  const object = parseCalendarObject(body, { allowedComponents: allowed, trusted: true });
  if (!object.root.getAllSubcomponents('vevent').length) return { instances: [] };
  try {
    const all = expandOccurrences(object, { start: null, end: null }, { floatingTz, limits: LIMITS });
    return { instances: all.map((o) => o.times) };
  } catch (error) {
    if (error instanceof RecurrenceLimitError) return 'unbounded';
    throw error;
  }
}

/**
 * summarize, once per body and zone in a process: a query's candidates and the renderings kept in the background
 * (persisted-renderings.ts) are mostly the same bodies — a series just PUT is both — and share the memo.
 */
export function rememberedSummary(
  memo: DavCaches['occurrences'],
  body: string,
  allowed: CalendarComponentName[] | undefined,
  floatingTz: string | null,
): Summary | 'unbounded' {
  const known = memo.get(body);
  if (known?.floatingTz === floatingTz) return known.summary;
  const summary = summarize(body, allowed, floatingTz);
  memo.set(body, { floatingTz, summary });
  return summary;
}

/**
 * Whether the object's VEVENTs overlap `range` (RFC 4791 §9.9) from its remembered instance times, or null when it
 * has none to remember (the caller then evaluates the filter on the parsed object).
 */
export function overlapsFromSummary(
  scope: DavScope,
  body: string,
  range: TimeRange,
  allowed: CalendarComponentName[],
  floatingTz: string | null,
): boolean | null {
  const summary = rememberedSummary(scope.caches.occurrences, body, allowed, floatingTz);
  if (summary === 'unbounded') return null;
  return summary.instances.some((times) => instanceOverlaps(times, range));
}
