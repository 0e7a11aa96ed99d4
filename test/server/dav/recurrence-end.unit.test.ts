import { recurrenceEnd } from '../../../server/src/dav/caldav/recurrence-end';

/** The recurrence's end the calendar index bounds a recurring series with (dav/caldav/recurrence-end.ts). */
const at = (iso: string) => Date.parse(iso);
const DAY = 86_400_000;
const start = at('2026-01-05T09:00:00Z');
const end = at('2026-01-05T10:00:00Z');

describe('recurrenceEnd', () => {
  it('bounds a COUNT rule by as many periods, plus the duration', () => {
    // The benchmark's rule: weekly, 10 times; the last instance starts 9 weeks after the first.
    const bound = recurrenceEnd('FREQ=WEEKLY;COUNT=10', start, end)!;
    expect(bound).toBeGreaterThanOrEqual(start + 9 * 7 * DAY + (end - start));
    expect(bound).toBeLessThanOrEqual(start + 10 * 7 * DAY + (end - start));
    expect(recurrenceEnd('FREQ=DAILY;INTERVAL=2;COUNT=3', start, end)).toBe(start + 6 * DAY + (end - start));
    expect(recurrenceEnd('FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=6', start, end)).toBe(start + 6 * 7 * DAY + (end - start));
  });

  it('bounds an UNTIL rule by UNTIL (a DATE to the end of its day), plus the duration', () => {
    expect(recurrenceEnd('FREQ=MONTHLY;UNTIL=20260601T090000Z', start, end)).toBe(at('2026-06-01T10:00:00Z'));
    expect(recurrenceEnd('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;UNTIL=20300301', start, end)).toBe(
      at('2030-03-02T01:00:00Z'),
    );
    expect(recurrenceEnd('freq=daily;until=20260110T120000', start, end)).toBe(at('2026-01-10T13:00:00Z'));
  });

  it('gives no bound where periods may hold no instance, or the rule has no end', () => {
    expect(recurrenceEnd('FREQ=WEEKLY', start, end)).toBeNull();
    expect(recurrenceEnd('FREQ=MONTHLY;COUNT=10', start, end)).toBeNull(); // the 31st skips months
    expect(recurrenceEnd('FREQ=YEARLY;COUNT=3', start, end)).toBeNull(); // 29 February skips years
    expect(recurrenceEnd('FREQ=DAILY;BYMONTH=1;COUNT=40', start, end)).toBeNull(); // only January days count
    expect(recurrenceEnd('FREQ=WEEKLY;BYDAY=1MO;COUNT=4', start, end)).toBeNull();
    expect(recurrenceEnd('FREQ=DAILY;COUNT=0', start, end)).toBeNull();
    expect(recurrenceEnd('FREQ=DAILY;UNTIL=2026', start, end)).toBeNull();
  });
});
