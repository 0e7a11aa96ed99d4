import * as fs from 'fs';
import * as path from 'path';
import ICAL from 'ical.js';
import {
  ICalendarError,
  eventsFromCalendarObject,
  parseCalendarObject,
  parseICalendar,
  writeEventsToCalendarObject,
  type CalendarPrecondition,
} from '@akte/core';
import { fixturePath } from '../support/fixtures';

/**
 * Every file in test/fixtures/icalendar, classified. Most parser/ files are property-level tests of ical.js:
 * syntactically fine iCalendar streams but not CalDAV calendar object resources (no component, no UID).
 *
 *   syntax  = what parseICalendar says (RFC 5545 syntax and value types)
 *   object  = what parseCalendarObject says (RFC 4791 §4.1 calendar object resource)
 */
const FIXTURES = fixturePath('icalendar');
const NO_COMPONENT = 'valid-calendar-object-resource';

interface Verdict {
  syntax: 'ok' | CalendarPrecondition;
  object: 'ok' | CalendarPrecondition;
  /** Why a file is refused (a fragment of the error message). */
  because?: string;
}

const VERDICTS: Record<string, Verdict> = {
  'parser/base64.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  // "MAYBE" is no BOOLEAN; ical.js would store FALSE.
  'parser/boolean.ics': {
    syntax: 'valid-calendar-data',
    object: 'valid-calendar-data',
    because: '"MAYBE" is not a valid BOOLEAN',
  },
  'parser/component.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'has no UID' },
  'parser/dates.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  // "my foo!" is no FLOAT; ical.js would store 0.
  'parser/float.ics': { syntax: 'valid-calendar-data', object: 'valid-calendar-data', because: 'not a valid FLOAT' },
  // GROUP1.X-TEST: property groups exist in vCard, not in RFC 5545's grammar (name = iana-token / x-name).
  'parser/grouped.ics': {
    syntax: 'valid-calendar-data',
    object: 'valid-calendar-data',
    because: 'property groups are vCard syntax',
  },
  // "foobar" is no INTEGER; ical.js would store 0.
  'parser/integer.ics': {
    syntax: 'valid-calendar-data',
    object: 'valid-calendar-data',
    because: 'not a valid INTEGER',
  },
  // A calendar object resource is exactly one VCALENDAR (RFC 4791 §4.1).
  'parser/multiple_root_components.ics': {
    syntax: NO_COMPONENT,
    object: NO_COMPONENT,
    because: 'more than one VCALENDAR',
  },
  'parser/multivalue.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  // Leading and trailing empty lines are tolerated (clients and mail gateways add them).
  'parser/newline_junk.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  'parser/period.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  'parser/property_params.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  'parser/quoted_params.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  'parser/recur.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  'parser/rfc.ics': { syntax: 'ok', object: 'ok' },
  'parser/single_empty_vcalendar.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  'parser/time.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  'parser/tzid_with_gmt.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  'parser/unfold_properties.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  'parser/utc_offset.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  'parser/values.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  'samples/blank_description.ics': { syntax: 'ok', object: 'ok' },
  'samples/blank_line_end.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'no VEVENT' },
  // RFC 5545 §3.1 has no empty content line; the file says so itself.
  'samples/blank_line_mid.ics': {
    syntax: 'valid-calendar-data',
    object: 'valid-calendar-data',
    because: 'line 3: empty line',
  },
  'samples/daily_recur.ics': { syntax: 'ok', object: 'ok' },
  'samples/day_long_recur_yearly.ics': { syntax: 'ok', object: 'ok' },
  'samples/duration_instead_of_dtend.ics': { syntax: 'ok', object: 'ok' },
  // The second VALARM lacks TRIGGER; alarms are not the server's business, so it is kept as sent.
  'samples/forced_types.ics': { syntax: 'ok', object: 'ok' },
  // Google's birthday export: the master's UID differs from its overrides' (and RDATEs carry a stray "Z",
  // tolerated). Two UIDs are two resources (RFC 4791 §4.1).
  'samples/google_birthday.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'one object may hold one UID' },
  'samples/minimal.ics': { syntax: 'ok', object: 'ok' },
  // Two RRULEs (deprecated by RFC 5545, allowed by RFC 2445): kept; the CRM sees the first.
  'samples/multiple_rrules.ics': { syntax: 'ok', object: 'ok' },
  'samples/only_dtstart_date.ics': { syntax: 'ok', object: 'ok' },
  'samples/only_dtstart_time.ics': { syntax: 'ok', object: 'ok' },
  'samples/parserv2.ics': { syntax: 'ok', object: 'ok' },
  'samples/rdate_exdate.ics': { syntax: 'ok', object: 'ok' },
  // A VTIMEZONE without TZID (ignored: it cannot be referenced) and an X-UNKNOWN component (kept, ignored).
  'samples/recur_instances.ics': { syntax: 'ok', object: 'ok' },
  'samples/recur_instances_finite.ics': { syntax: 'ok', object: 'ok' },
  // The VEVENT has no UID.
  'samples/timezone_from_file.ics': { syntax: 'ok', object: NO_COMPONENT, because: 'has no UID' },
  // TZOFFSETTO:-0000 is forbidden by RFC 5545 but read as +0000 by everyone: tolerated.
  'samples/utc_negative_zero.ics': { syntax: 'ok', object: 'ok' },
};

const files = ['parser', 'samples'].flatMap((dir) =>
  fs.readdirSync(path.join(FIXTURES, dir)).map((f) => `${dir}/${f}`),
);
const read = (file: string): string => fs.readFileSync(path.join(FIXTURES, file), 'utf8');

function outcome(fn: () => unknown): { verdict: 'ok' | CalendarPrecondition; message: string } {
  try {
    fn();
    return { verdict: 'ok', message: '' };
  } catch (error) {
    if (!(error instanceof ICalendarError)) throw error;
    return { verdict: error.precondition, message: error.message };
  }
}

/**
 * Semantic form of a component: property names, parameters (sorted), and values as ical.js's typed values print
 * them, so "-P0DT0H30M0S" equals "-PT30M" but FALSE never equals MAYBE.
 */
function semantic(component: ICAL.Component): unknown {
  return {
    name: component.name,
    properties: component
      .getAllProperties()
      .map((p) => {
        const params = Object.entries(p.toJSON()[1] as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
        return JSON.stringify([
          p.name,
          params,
          p.getValues().map((v) => (typeof v === 'object' && v ? v.toString() : v)),
        ]);
      })
      .sort(),
    components: component.getAllSubcomponents().map(semantic),
  };
}

describe('iCalendar fixtures', () => {
  it('classifies every fixture file', () => {
    expect(files.sort()).toEqual(Object.keys(VERDICTS).sort());
  });

  describe.each(files)('%s', (file) => {
    const verdict = VERDICTS[file];
    const text = read(file);

    it(`syntax: ${verdict.syntax}`, () => {
      const result = outcome(() => parseICalendar(text));
      expect(result.verdict).toBe(verdict.syntax);
      if (verdict.syntax !== 'ok') expect(result.message).toContain(verdict.because);
    });

    it(`calendar object: ${verdict.object}`, () => {
      const result = outcome(() => parseCalendarObject(text, { allowedComponents: ['VEVENT'] }));
      expect(result.verdict).toBe(verdict.object);
      if (verdict.object !== 'ok') expect(result.message).toContain(verdict.because);
    });

    if (verdict.syntax === 'ok') {
      it('stays semantically equal when parsed and serialized again', () => {
        const once = parseICalendar(text);
        const twice = parseICalendar(once.toString());
        expect(semantic(twice)).toEqual(semantic(once));
        expect(semantic(twice)).toEqual(semantic(new ICAL.Component(ICAL.parse(text) as unknown[])));
      });
    }

    if (verdict.object === 'ok') {
      it('maps to CRM events and back without changing the stored body', () => {
        const events = eventsFromCalendarObject(parseCalendarObject(text));
        const result = writeEventsToCalendarObject(events, text);
        expect(result.changed).toBe(false);
        expect(result.text).toBe(text);
      });

      it('keeps every CRM field when the object is regenerated from the CRM alone', () => {
        const events = eventsFromCalendarObject(parseCalendarObject(text));
        const regenerated = writeEventsToCalendarObject(events, null);
        expect(regenerated.changed).toBe(true);
        expect(eventsFromCalendarObject(parseCalendarObject(regenerated.text))).toEqual(events);
      });
    }
  });
});
