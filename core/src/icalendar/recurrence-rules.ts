import ICAL from 'ical.js';
import { ICalendarError, RecurrenceLimitError } from './errors';

/**
 * Recurrence rules (RFC 5545 §3.3.10) are checked twice: statically here, for what ical.js would silently change
 * (INTERVAL=0 becomes 1, a missing FREQ is kept) or get wrong (BYMONTH=2;BYMONTHDAY=30 yields March 1st), and by a
 * bounded probe run. The probe exists because ical.js 2.2.1's RecurIterator.next() loops forever when the BY*
 * filters of a SECONDLY..WEEKLY rule never match (FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30): every turn of that loop
 * calls check_contracting_rules(), so counting those calls is the one place a cap can be enforced.
 */

const FREQUENCIES = new Set(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
const WEEKDAYS = new Set(['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA']);
const NUMERIC_RANGES: Record<string, [min: number, max: number, signed: boolean]> = {
  BYSECOND: [0, 60, false],
  BYMINUTE: [0, 59, false],
  BYHOUR: [0, 23, false],
  BYMONTHDAY: [1, 31, true],
  BYYEARDAY: [1, 366, true],
  BYWEEKNO: [1, 53, true],
  BYMONTH: [1, 12, false],
  BYSETPOS: [1, 366, true],
};
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Why the raw RRULE value `value` is unusable, or null when it is fine. */
export function recurrenceRuleProblem(value: string): string | null {
  const parts = new Map<string, string>();
  for (const part of value.split(';')) {
    const [key, val, extra] = part.split('=');
    if (!key || val === undefined || extra !== undefined) return `"${part}" is not NAME=VALUE`;
    if (parts.has(key.toUpperCase())) return `${key} appears twice`;
    parts.set(key.toUpperCase(), val);
  }
  const freq = parts.get('FREQ')?.toUpperCase();
  if (!freq || !FREQUENCIES.has(freq)) return `FREQ must be one of ${[...FREQUENCIES].join(', ')}`;
  if (parts.has('INTERVAL') && !/^[1-9]\d{0,5}$/.test(parts.get('INTERVAL')!))
    return 'INTERVAL must be a positive integer';
  if (parts.has('COUNT') && !/^[1-9]\d{0,8}$/.test(parts.get('COUNT')!)) return 'COUNT must be a positive integer';
  if (parts.has('COUNT') && parts.has('UNTIL')) return 'COUNT and UNTIL must not both appear';
  if (parts.has('UNTIL') && !/^\d{8}(T\d{6}Z?)?$/.test(parts.get('UNTIL')!)) return 'UNTIL is not a DATE or DATE-TIME';
  for (const [key, [min, max, signed]] of Object.entries(NUMERIC_RANGES)) {
    for (const item of parts.get(key)?.split(',') ?? []) {
      const n = Number(item);
      if (!/^[+-]?\d+$/.test(item) || (!signed && n < 0) || Math.abs(n) < min || Math.abs(n) > max) {
        return `${key} value ${item} is out of range`;
      }
    }
  }
  for (const day of parts.get('BYDAY')?.split(',') ?? []) {
    const m = /^([+-]?\d{1,2})?([A-Z]{2})$/i.exec(day);
    if (!m || !WEEKDAYS.has(m[2].toUpperCase()) || (m[1] && (Math.abs(+m[1]) < 1 || Math.abs(+m[1]) > 53))) {
      return `BYDAY value ${day} is not a weekday`;
    }
  }
  return impossibleMonthDays(parts);
}

/** BYMONTH=2;BYMONTHDAY=30 (or 4 and 31) can never match: no such date exists. */
function impossibleMonthDays(parts: Map<string, string>): string | null {
  const months = parts.get('BYMONTH')?.split(',').map(Number);
  const days = parts.get('BYMONTHDAY')?.split(',').map(Number);
  if (!months || !days) return null;
  const possible = months.some((month) => days.some((day) => Math.abs(day) <= DAYS_IN_MONTH[month - 1]));
  return possible ? null : `BYMONTHDAY=${parts.get('BYMONTHDAY')} never occurs in BYMONTH=${parts.get('BYMONTH')}`;
}

/** Shared across all iterators of one expansion: the total number of candidate dates ical.js may look at. */
export interface IterationBudget {
  used: number;
  readonly max: number;
}

interface RecurIteratorInternals {
  check_contracting_rules(): boolean;
}

const DAY_PARTS = ['BYDAY', 'BYMONTHDAY', 'BYYEARDAY', 'BYWEEKNO', 'BYSETPOS'];

/**
 * What one turn of ical.js's inner loop costs, in ordinary turns. A MONTHLY or YEARLY turn with day parts expands
 * the days of its month or year before it tests a candidate: measured 80–730 µs per turn against ~30 µs for a
 * DAILY one. Counting turns alone let a last-Monday-of-the-month rule from year 0001 spend 41 s inside a budget
 * meant for a fraction of a second.
 */
export function turnWeight(rule: ICAL.Recur): number {
  const parts = rule.parts as Record<string, unknown>;
  const dayParts = DAY_PARTS.some((part) => part in parts);
  return (rule.freq === 'MONTHLY' || rule.freq === 'YEARLY') && dayParts ? 31 : 1;
}

/** An ical.js iterator whose inner loop throws RecurrenceLimitError once `budget` is spent. */
export function guardedIterator(rule: ICAL.Recur, start: ICAL.Time, budget: IterationBudget): ICAL.RecurIterator {
  let iterator: ICAL.RecurIterator;
  try {
    iterator = rule.iterator(start);
  } catch (error) {
    throw new ICalendarError('valid-calendar-object-resource', `RRULE ${rule.toString()}: ${(error as Error).message}`);
  }
  const internals = iterator as unknown as RecurIteratorInternals;
  const check = internals.check_contracting_rules.bind(iterator);
  const weight = turnWeight(rule);
  internals.check_contracting_rules = () => {
    budget.used += weight;
    if (budget.used > budget.max) throw new RecurrenceLimitError('iterations', budget.max);
    return check();
  };
  return iterator;
}

/**
 * Enough for any sane rule to find its next occurrence (HOURLY with BYMONTH=12 from January needs ~8,000), shared
 * by all rules of one object so that a body full of pathological rules costs no more than one.
 */
export const PROBE_ITERATIONS = 50_000;

/**
 * Refuses rules that cannot produce their second occurrence within the probe budget: such a rule either never
 * matches or matches so rarely that every expansion of it would run into the caps.
 */
export function checkRecurrenceRules(
  component: ICAL.Component,
  start: ICAL.Time,
  budget: IterationBudget = { used: 0, max: PROBE_ITERATIONS },
): void {
  for (const prop of component.getAllProperties('rrule')) {
    const rule = prop.getFirstValue() as ICAL.Recur;
    try {
      const iterator = guardedIterator(rule, start.clone(), budget);
      iterator.next();
      iterator.next();
    } catch (error) {
      if (error instanceof RecurrenceLimitError) {
        throw new ICalendarError(
          'valid-calendar-object-resource',
          `RRULE ${rule.toString()} finds no occurrence after DTSTART within ${budget.max} steps`,
        );
      }
      if (error instanceof ICalendarError) throw error;
      throw new ICalendarError(
        'valid-calendar-object-resource',
        `RRULE ${rule.toString()}: ${(error as Error).message}`,
      );
    }
  }
}
