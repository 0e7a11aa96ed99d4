/**
 * A small validator for RRULE values (RFC 5545 §3.3.10 "Recurrence Rule"): the server stores the rule as given and
 * leaves expansion to the DAV layer and clients, but it must not accept a rule no client can parse.
 */

const FREQS = new Set(['SECONDLY', 'MINUTELY', 'HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY']);
const WEEKDAYS = new Set(['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA']);

/** Numeric BYxxx parts with their allowed ranges (negative values count from the end where §3.3.10 allows it). */
const NUMERIC_LISTS: Record<string, { min: number; max: number; signed: boolean }> = {
  BYSECOND: { min: 0, max: 60, signed: false },
  BYMINUTE: { min: 0, max: 59, signed: false },
  BYHOUR: { min: 0, max: 23, signed: false },
  BYMONTHDAY: { min: 1, max: 31, signed: true },
  BYYEARDAY: { min: 1, max: 366, signed: true },
  BYWEEKNO: { min: 1, max: 53, signed: true },
  BYMONTH: { min: 1, max: 12, signed: false },
  BYSETPOS: { min: 1, max: 366, signed: true },
};

// UNTIL is a DATE or a DATE-TIME (local or UTC), §3.3.4 / §3.3.5.
const UNTIL = /^\d{8}(T\d{6}Z?)?$/;
const BYDAY = /^([+-]?(\d{1,2}))?(SU|MO|TU|WE|TH|FR|SA)$/;

export interface RruleCheck {
  ok: boolean;
  errors: string[];
}

function checkNumericList(key: string, value: string, errors: string[]): void {
  const range = NUMERIC_LISTS[key];
  for (const item of value.split(',')) {
    const match = /^([+-]?)(\d{1,3})$/.exec(item);
    const n = match ? Number(match[2]) : NaN;
    const signOk = match && (range.signed || match[1] === '');
    if (!match || !signOk || n < range.min || n > range.max) errors.push(`${key}: "${item}" is out of range`);
  }
}

function checkByDay(value: string, errors: string[]): void {
  for (const item of value.split(',')) {
    const match = BYDAY.exec(item);
    const ordinal = match?.[2] ? Number(match[2]) : null;
    if (!match || (ordinal !== null && (ordinal < 1 || ordinal > 53)))
      errors.push(`BYDAY: "${item}" is not a weekday like MO or -1FR`);
  }
}

function checkPart(key: string, value: string, errors: string[]): void {
  if (value === '') return void errors.push(`${key} has no value`);
  if (key === 'FREQ') {
    if (!FREQS.has(value)) errors.push(`FREQ: unknown frequency "${value}"`);
  } else if (key === 'UNTIL') {
    if (!UNTIL.test(value)) errors.push('UNTIL: expected a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSSZ)');
  } else if (key === 'COUNT' || key === 'INTERVAL') {
    if (!/^\d{1,6}$/.test(value) || Number(value) < 1) errors.push(`${key}: expected a positive integer`);
  } else if (key === 'WKST') {
    if (!WEEKDAYS.has(value)) errors.push('WKST: expected a weekday (SU, MO, ...)');
  } else if (key === 'BYDAY') {
    checkByDay(value, errors);
  } else if (key in NUMERIC_LISTS) {
    checkNumericList(key, value, errors);
  } else {
    errors.push(`unknown rule part "${key}"`);
  }
}

/** Validates an RRULE value such as `FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20250101T000000Z` (without the "RRULE:" name). */
export function checkRrule(rule: string): RruleCheck {
  const errors: string[] = [];
  const seen = new Set<string>();
  const parts = rule.trim().split(';');
  for (const part of parts) {
    const eq = part.indexOf('=');
    if (eq <= 0) {
      errors.push(`"${part}" is not a NAME=VALUE pair`);
      continue;
    }
    const key = part.slice(0, eq).toUpperCase();
    // §3.3.10: "each rule part MUST NOT occur more than once".
    if (seen.has(key)) errors.push(`${key} occurs more than once`);
    seen.add(key);
    checkPart(key, part.slice(eq + 1).toUpperCase(), errors);
  }
  if (!seen.has('FREQ')) errors.push('FREQ is required');
  // §3.3.10: "The UNTIL or COUNT rule parts are OPTIONAL, but they MUST NOT occur in the same 'recur'."
  if (seen.has('UNTIL') && seen.has('COUNT')) errors.push('UNTIL and COUNT must not both be given');
  return { ok: errors.length === 0, errors };
}
