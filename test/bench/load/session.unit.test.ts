import { SCHEDULE, stepAt } from './session';

describe('stepAt', () => {
  const cycle = (client: number) => Array.from({ length: SCHEDULE.length }, (_, i) => stepAt(client, i));
  const counts = (steps: string[]) =>
    steps.reduce<Record<string, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});

  it('gives every client the same mix per cycle, so requests/s compare the same work at every N', () => {
    const mix = counts(cycle(0));
    expect(mix).toEqual({ putCard: 2, putEvent: 2, syncBook: 2, multiget: 2, syncCalendar: 2, rest: 5, filing: 1 });
    for (let client = 1; client < 64; client++) expect(counts(cycle(client))).toEqual(mix);
  });

  it('starts 16 clients at 16 different places of the cycle', () => {
    const starts = new Set(Array.from({ length: 16 }, (_, client) => cycle(client).join(',')));
    expect(starts.size).toBe(16);
  });
});
