import { ICalendarError } from './errors';
import { recurrenceRuleProblem } from './recurrence-rules';

/**
 * A syntax check of the RFC 5545 §3.1 content lines that ical.js does not do: ical.js silently turns
 * `VALUE=INTEGER:foobar` into 0 and `VALUE=BOOLEAN:MAYBE` into FALSE, skips empty lines and takes vCard-style
 * groups. Storing such data would change it on the next GET, so it is refused here with the line number instead.
 */

export interface ContentLine {
  name: string;
  /** Parameter names upper-cased; values without quotes (several values joined by ","). */
  params: Map<string, string>;
  value: string;
  line: number;
}

const NAME = /^[A-Za-z0-9-]+/;
// RFC 5545 §3.1: CTLs other than HTAB are not allowed anywhere; they would also make the XML of a REPORT invalid.
const CONTROL = /[\x00-\x08\x0A-\x1F\x7F]/;

function fail(line: number, message: string): never {
  throw new ICalendarError('valid-calendar-data', `line ${line}: ${message}`);
}

/** Unfolds (RFC 5545 §3.1) and splits into content lines; leading and trailing empty lines are tolerated. */
export function splitContentLines(text: string): ContentLine[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let first = 0;
  let last = physical.length - 1;
  while (first <= last && physical[first].trim() === '') first++;
  while (last >= first && physical[last].trim() === '') last--;
  const logical: Array<{ text: string; line: number }> = [];
  for (let i = first; i <= last; i++) {
    const raw = physical[i];
    if (raw === '') fail(i + 1, 'empty line inside the iCalendar object');
    if (raw[0] === ' ' || raw[0] === '\t') {
      if (logical.length === 0) fail(i + 1, 'continuation line without a preceding property');
      logical[logical.length - 1].text += raw.slice(1);
    } else {
      logical.push({ text: raw, line: i + 1 });
    }
  }
  return logical.map(({ text: lineText, line }) => parseContentLine(lineText, line));
}

function parseContentLine(text: string, line: number): ContentLine {
  const control = CONTROL.exec(text);
  if (control) fail(line, `control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
  const nameMatch = NAME.exec(text);
  if (!nameMatch) fail(line, `"${text.slice(0, 40)}" is not a content line`);
  const name = nameMatch[0].toUpperCase();
  const params = new Map<string, string>();
  let pos = nameMatch[0].length;
  while (text[pos] === ';') {
    const paramName = NAME.exec(text.slice(pos + 1));
    if (!paramName || text[pos + 1 + paramName[0].length] !== '=') fail(line, `malformed parameter in ${name}`);
    pos += 2 + paramName[0].length;
    const values: string[] = [];
    for (;;) {
      if (text[pos] === '"') {
        const close = text.indexOf('"', pos + 1);
        if (close < 0) fail(line, `unterminated quoted parameter value in ${name}`);
        values.push(text.slice(pos + 1, close));
        pos = close + 1;
      } else {
        const end = text.slice(pos).search(/[;:,"]/);
        if (end < 0) fail(line, `property ${name} has no value`);
        values.push(text.slice(pos, pos + end));
        pos += end;
      }
      if (text[pos] !== ',') break;
      pos++;
    }
    params.set(paramName[0].toUpperCase(), values.join(','));
  }
  if (text[pos] !== ':') {
    fail(
      line,
      text[pos] === '.'
        ? `"${text.slice(0, pos + 1)}…": property groups are vCard syntax, not iCalendar`
        : `property ${name} has no value`,
    );
  }
  return { name, params, value: text.slice(pos + 1), line };
}

const DATE = /^(\d{4})(\d{2})(\d{2})$/;
const TIME = /^(\d{2})(\d{2})(\d{2})Z?$/;
const DURATION = /^[+-]?P(?:\d+W|(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)$/;

function isDate(value: string): boolean {
  // Google's birthday calendars write DATE values with a trailing Z; ical.js reads them as dates, so do we.
  const m = DATE.exec(value.replace(/Z$/, ''));
  return !!m && +m[2] >= 1 && +m[2] <= 12 && +m[3] >= 1 && +m[3] <= 31;
}
function isTime(value: string): boolean {
  const m = TIME.exec(value);
  return !!m && +m[1] <= 23 && +m[2] <= 59 && +m[3] <= 60;
}
function isDateTime(value: string): boolean {
  const [date, time, extra] = value.split('T');
  return extra === undefined && time !== undefined && isDate(date) && !date.endsWith('Z') && isTime(time);
}
function isDuration(value: string): boolean {
  return DURATION.test(value) && /\d/.test(value) && !value.endsWith('T');
}

const VALUE_CHECKS: Record<string, (value: string) => boolean> = {
  BOOLEAN: (v) => /^(TRUE|FALSE)$/i.test(v),
  INTEGER: (v) => /^[+-]?\d{1,15}$/.test(v),
  FLOAT: (v) => /^[+-]?\d+(\.\d+)?$/.test(v),
  DATE: isDate,
  'DATE-TIME': isDateTime,
  TIME: isTime,
  // RFC 5545 forbids "-0000", but Zimbra writes it in VTIMEZONEs and every parser reads it as +0000.
  'UTC-OFFSET': (v) => /^[+-]\d{4}(\d{2})?$/.test(v),
  DURATION: isDuration,
  PERIOD: (v) => {
    const [start, end, extra] = v.split('/');
    return extra === undefined && isDateTime(start) && end !== undefined && (isDateTime(end) || isDuration(end));
  },
};

/** Value types of the properties whose default is not TEXT (RFC 5545 §3.7, §3.8). */
const DEFAULT_TYPES: Record<string, string> = {
  DTSTART: 'DATE-TIME',
  DTEND: 'DATE-TIME',
  DUE: 'DATE-TIME',
  'RECURRENCE-ID': 'DATE-TIME',
  EXDATE: 'DATE-TIME',
  RDATE: 'DATE-TIME',
  DTSTAMP: 'DATE-TIME',
  CREATED: 'DATE-TIME',
  'LAST-MODIFIED': 'DATE-TIME',
  COMPLETED: 'DATE-TIME',
  ACKNOWLEDGED: 'DATE-TIME',
  SEQUENCE: 'INTEGER',
  PRIORITY: 'INTEGER',
  'PERCENT-COMPLETE': 'INTEGER',
  REPEAT: 'INTEGER',
  DURATION: 'DURATION',
  TRIGGER: 'DURATION',
  TZOFFSETFROM: 'UTC-OFFSET',
  TZOFFSETTO: 'UTC-OFFSET',
};
/** Lists of values are comma-separated for these types; TEXT and unknown types may contain commas. */
const LIST_TYPES = new Set(['DATE', 'DATE-TIME', 'PERIOD', 'FLOAT', 'INTEGER', 'TIME', 'DURATION', 'UTC-OFFSET']);

function checkValue(cl: ContentLine): void {
  if (cl.name === 'GEO') {
    if (!/^[+-]?\d+(\.\d+)?;[+-]?\d+(\.\d+)?$/.test(cl.value))
      fail(cl.line, `GEO "${cl.value}" is not "latitude;longitude"`);
    return;
  }
  const explicit = cl.params.get('VALUE')?.toUpperCase();
  if (cl.name === 'RRULE' || cl.name === 'EXRULE' || explicit === 'RECUR') {
    const problem = recurrenceRuleProblem(cl.value);
    if (problem) fail(cl.line, `${cl.name} ${cl.value}: ${problem}`);
    return;
  }
  const type = explicit ?? DEFAULT_TYPES[cl.name];
  const check = type ? VALUE_CHECKS[type] : undefined;
  if (!type || !check) return;
  const values = LIST_TYPES.has(type) ? cl.value.split(',') : [cl.value];
  for (const value of values) {
    // Without an explicit VALUE=DATE, a bare date in a DATE-TIME property is common (and read as a date by all).
    const ok = check(value) || (!explicit && type === 'DATE-TIME' && isDate(value));
    if (!ok) fail(cl.line, `${cl.name} value "${value}" is not a valid ${type}`);
  }
}

/**
 * Checks the whole text: content-line syntax, value types, and that BEGIN/END nest and close. Returns the
 * content lines so callers can look at raw values ical.js would reinterpret.
 */
export function checkICalendarSyntax(text: string): ContentLine[] {
  const lines = splitContentLines(text);
  if (lines.length === 0) throw new ICalendarError('valid-calendar-data', 'empty iCalendar object');
  const open: string[] = [];
  for (const cl of lines) {
    if (cl.name === 'BEGIN') {
      const component = cl.value.toUpperCase();
      if (!/^[A-Z0-9-]+$/.test(component)) fail(cl.line, `BEGIN:${cl.value} is not a component name`);
      if (open.length === 0 && component !== 'VCALENDAR')
        fail(cl.line, `expected BEGIN:VCALENDAR, found BEGIN:${cl.value}`);
      open.push(component);
    } else if (cl.name === 'END') {
      const expected = open.pop();
      if (expected !== cl.value.toUpperCase())
        fail(cl.line, `END:${cl.value} does not close BEGIN:${expected ?? '(nothing)'}`);
    } else {
      if (open.length === 0) fail(cl.line, `property ${cl.name} outside of BEGIN:VCALENDAR … END:VCALENDAR`);
      checkValue(cl);
    }
  }
  if (open.length > 0) throw new ICalendarError('valid-calendar-data', `missing END:${open[open.length - 1]}`);
  return lines;
}
