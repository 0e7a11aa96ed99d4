import { summarizeRun, type Sample } from './stats';

const sample = (kind: string, ms: number, sentAt: number, status = 201, error?: string): Sample => ({
  kind,
  status,
  ms,
  sentAt,
  ...(error ? { error } : {}),
});

describe('summarizeRun', () => {
  it('reports the first request sent of a kind as cold and the percentiles over the others', () => {
    const samples = [sample('PUT', 900, 0), ...Array.from({ length: 100 }, (_, i) => sample('PUT', i + 1, 10 + i))];
    // Answered last, but sent first: the cold one is the first *sent*.
    samples.push(samples.shift()!);
    const [put] = summarizeRun(samples, 10).kinds;
    expect(put).toMatchObject({ kind: 'PUT', count: 101, coldMs: 900, p50: 50, p95: 95, p99: 99 });
  });

  it('counts requests per second over the whole run and separates 5xx from other failures', () => {
    const summary = summarizeRun(
      [
        sample('PUT', 5, 0),
        sample('PUT', 5, 1, 500, 'SQLITE_BUSY: database is locked'),
        sample('GET', 5, 2, 412, 'precondition failed'),
        sample('GET', 5, 3, 0, 'socket hang up'),
      ],
      2,
    );
    expect(summary).toMatchObject({ requests: 4, perSecond: 2, serverErrors: 1, otherFailures: 2 });
    expect(summary.kinds.map((k) => [k.kind, k.serverErrors, k.otherFailures])).toEqual([
      ['GET', 0, 2],
      ['PUT', 1, 0],
    ]);
  });

  it('lists distinct failures once with their count, ids and times not making them distinct', () => {
    const summary = summarizeRun(
      [
        sample('PUT', 5, 0, 500, 'lock held by request 17 for 1000 ms'),
        sample('PUT', 5, 1, 500, 'lock held by request 18 for 1200 ms'),
        sample('PUT', 5, 2, 503, 'busy'),
      ],
      1,
    );
    expect(summary.failures).toEqual([
      { text: 'PUT HTTP 500: lock held by request 17 for 1000 ms', count: 2 },
      { text: 'PUT HTTP 503: busy', count: 1 },
    ]);
  });

  it('orders kinds as asked, unknown ones last; a kind run once has no warm percentiles', () => {
    const summary = summarizeRun([sample('b', 1, 0), sample('z', 1, 1), sample('a', 1, 2)], 1, ['z', 'a']);
    expect(summary.kinds.map((k) => k.kind)).toEqual(['z', 'a', 'b']);
    expect(summary.kinds[0].p50).toBeNaN();
  });
});
