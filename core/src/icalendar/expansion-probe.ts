import { ICalendarError, RecurrenceLimitError } from './errors';
import { expandOccurrences } from './expand';
import { utcMs } from './intl-zones';
import type { CalendarObject } from './parse';

/**
 * The last week a client may ask about: CalDAV servers advertise CALDAV:max-date-time (RFC 4791 §5.2.7), Akte's is
 * 2100-12-31. Reaching a range costs an expansion at most what reaching this one costs (the work grows with the
 * distance from DTSTART; fast-forwarded rules cost about the same anywhere).
 */
export const PROBE_HORIZON = { start: utcMs(2100, 12, 25), end: utcMs(2101, 1, 1) };

/**
 * ical.js turns (weighted as recurrence-rules.ts turnWeight does) one expansion may need to reach the horizon: about
 * a third of a second of ical.js at worst, and far above what real rules need once fast-forwarded (a minutely rule:
 * ~100). A rule with COUNT cannot be fast-forwarded: DAILY;COUNT=5000 (13 years) needs 5,000.
 */
export const PROBE_EXPANSION_STEPS = 10_000;

/**
 * Refuses, at PUT, a recurrence whose expansion up to the horizon would exceed the step budget (RFC 4791 §5.3.2.1,
 * CALDAV:max-instances): stored, it would make every time-range query over its calendar expensive or refused, for
 * everyone who reads that calendar. Client input only.
 */
export function checkExpansionCost(object: CalendarObject): void {
  const master = object.master;
  if (!master || !(master.hasProperty('rrule') || master.hasProperty('rdate'))) return;
  try {
    expandOccurrences(object, PROBE_HORIZON, {
      firstOnly: true,
      limits: { maxInstances: Number.MAX_SAFE_INTEGER, maxIterations: PROBE_EXPANSION_STEPS },
    });
  } catch (error) {
    if (!(error instanceof RecurrenceLimitError)) throw error;
    const rule = master.getFirstPropertyValue('rrule')?.toString() ?? 'RDATE';
    throw new ICalendarError(
      'max-instances',
      `${object.kind} ${object.uid}: RRULE ${rule} from DTSTART ${String(master.getFirstPropertyValue('dtstart'))} ` +
        `needs more than ${PROBE_EXPANSION_STEPS} recurrence steps to reach the year 2100; ` +
        'use COUNT or UNTIL, or a later DTSTART',
    );
  }
}
