import { mayOverlap, surelyInside } from '../../../server/src/dav/caldav/calendar-index';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);
const march = { start: at('2026-03-01T00:00:00Z'), end: at('2026-04-01T00:00:00Z') };

describe('mayOverlap (candidates of a time-range query, decided exactly afterwards)', () => {
  const span = (first: string, last: string, recurs = false) => ({ recurs, firstStart: at(first), lastEnd: at(last) });

  it('takes a series whose events overlap the window', () => {
    expect(mayOverlap(span('2026-03-10T09:00:00Z', '2026-03-10T10:00:00Z'), march)).toBe(true);
    expect(mayOverlap(span('2026-02-20T09:00:00Z', '2026-05-01T10:00:00Z'), march)).toBe(true);
  });

  it('leaves out a series well outside the window', () => {
    expect(mayOverlap(span('2026-01-10T09:00:00Z', '2026-01-10T10:00:00Z'), march)).toBe(false);
    expect(mayOverlap(span('2026-04-03T09:00:00Z', '2026-04-03T10:00:00Z'), march)).toBe(false);
  });

  it('keeps a day of margin on both sides (floating and all-day times are stored in the calendar zone)', () => {
    expect(mayOverlap({ recurs: false, firstStart: march.end + DAY - 1, lastEnd: march.end + DAY }, march)).toBe(true);
    expect(mayOverlap({ recurs: false, firstStart: march.end + DAY, lastEnd: march.end + 2 * DAY }, march)).toBe(false);
    expect(mayOverlap({ recurs: false, firstStart: march.start - 2 * DAY, lastEnd: march.start - DAY }, march)).toBe(
      true,
    );
    expect(
      mayOverlap({ recurs: false, firstStart: march.start - 3 * DAY, lastEnd: march.start - DAY - 1 }, march),
    ).toBe(false);
  });

  it('always takes a recurring series, and honours open-ended windows', () => {
    expect(mayOverlap(span('2020-01-01T09:00:00Z', '2020-01-01T10:00:00Z', true), march)).toBe(true);
    expect(mayOverlap(span('2020-01-01T09:00:00Z', '2020-01-01T10:00:00Z'), { start: null, end: march.end })).toBe(
      true,
    );
    expect(mayOverlap(span('2020-01-01T09:00:00Z', '2020-01-01T10:00:00Z'), { start: march.start, end: null })).toBe(
      false,
    );
  });
});

describe('surelyInside (a single event decided without expanding its rendering)', () => {
  const single = (first: number, last: number) => ({ recurs: false, single: true, firstStart: first, lastEnd: last });

  it('takes one event inside the window with two days to spare on both sides', () => {
    expect(surelyInside(single(march.start + 2 * DAY, march.end - 2 * DAY), march)).toBe(true);
    expect(surelyInside(single(march.start + 10 * DAY, march.start + 10 * DAY), march)).toBe(true); // zero duration
  });

  it('leaves the rest to the exact evaluation: near the edges, recurring or several events, open windows', () => {
    expect(surelyInside(single(march.start + 2 * DAY - 1, march.start + 3 * DAY), march)).toBe(false);
    expect(surelyInside(single(march.end - 3 * DAY, march.end - 2 * DAY + 1), march)).toBe(false);
    const inside = single(march.start + 10 * DAY, march.start + 11 * DAY);
    expect(surelyInside({ ...inside, single: false }, march)).toBe(false);
    expect(surelyInside({ ...inside, single: undefined }, march)).toBe(false);
    expect(surelyInside(inside, { start: null, end: march.end })).toBe(false);
  });
});
