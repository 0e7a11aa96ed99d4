import { wallTimeAt } from '@akte/core';
import { DEMO_EVENTS } from '../../../server/src/demo/data/schedule';
import { demoEventStart, weeklyWeekday } from '../../../server/src/demo/event-start';

const BERLIN = 'Europe/Berlin';
const weekdayIn = (date: Date, tz: string): number => {
  const wall = wallTimeAt(date.getTime(), tz);
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day)).getUTCDay();
};

describe('demo event start', () => {
  it('reads the one weekday of a weekly rule', () => {
    expect(weeklyWeekday('FREQ=WEEKLY;BYDAY=MO')).toBe(1);
    expect(weeklyWeekday('BYDAY=SU;FREQ=WEEKLY;INTERVAL=2')).toBe(0);
    expect(weeklyWeekday('FREQ=WEEKLY')).toBeNull();
    expect(weeklyWeekday('FREQ=WEEKLY;BYDAY=MO,TH')).toBeNull();
    expect(weeklyWeekday('FREQ=MONTHLY;BYDAY=MO')).toBeNull();
    expect(weeklyWeekday(undefined)).toBeNull();
  });

  it('starts the weekly Monday meeting on a Monday when the demo is loaded on a Sunday', () => {
    const sunday = new Date('2026-12-06T10:00:00Z');
    const start = demoEventStart(sunday, { inDays: -7, hour: 9, rrule: 'FREQ=WEEKLY;BYDAY=MO' }, BERLIN);
    expect(start.toISOString()).toBe('2026-11-23T08:00:00.000Z'); // Monday 09:00 CET
  });

  it('takes the hour and the day in the calendar zone (summer time, and just after local midnight)', () => {
    const wednesday = new Date('2025-07-02T12:00:00Z');
    expect(
      demoEventStart(wednesday, { inDays: -6, hour: 9, rrule: 'FREQ=WEEKLY;BYDAY=TU' }, BERLIN).toISOString(),
    ).toBe(
      '2025-06-24T07:00:00.000Z', // Tuesday 09:00 CEST
    );
    // Sunday 23:30 UTC is already Monday 00:30 in Berlin: "today" is that Monday.
    const lateSunday = new Date('2025-03-09T23:30:00Z');
    expect(
      demoEventStart(lateSunday, { inDays: 0, hour: 9, rrule: 'FREQ=WEEKLY;BYDAY=MO' }, BERLIN).toISOString(),
    ).toBe('2025-03-10T08:00:00.000Z');
    expect(demoEventStart(lateSunday, { inDays: 1, hour: 14 }, BERLIN).toISOString()).toBe('2025-03-11T13:00:00.000Z');
  });

  it('puts every weekly demo series on its weekday, whatever day the demo is loaded', () => {
    const weekly = DEMO_EVENTS.filter((e) => weeklyWeekday(e.rrule) !== null);
    expect(weekly.length).toBeGreaterThan(0);
    for (let offset = 0; offset < 14; offset++) {
      const now = new Date(Date.UTC(2026, 2, 20 + offset, 22, 30)); // across the spring change of 2026-03-29
      for (const event of weekly) {
        const start = demoEventStart(now, event, BERLIN);
        expect({ title: event.title, now, weekday: weekdayIn(start, BERLIN) }).toEqual({
          title: event.title,
          now,
          weekday: weeklyWeekday(event.rrule),
        });
        expect(wallTimeAt(start.getTime(), BERLIN).hour).toBe(event.hour);
        // No more than six days before the day the data names.
        const named = now.getTime() + (event.inDays + 1) * 86_400_000;
        expect(named - start.getTime()).toBeLessThan(8 * 86_400_000);
      }
    }
  });
});
