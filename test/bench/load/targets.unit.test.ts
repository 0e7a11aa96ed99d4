import { judgeTargets } from './targets';

describe('judgeTargets', () => {
  it('fails a database with 5xx at any N and names where', () => {
    const [noErrors] = judgeTargets([
      { database: 'SQLite', n: 1, perSecond: 50, serverErrors: 0, unanswered: 0 },
      { database: 'SQLite', n: 8, perSecond: 40, serverErrors: 177, unanswered: 0 },
    ]);
    expect(noErrors).toMatchObject({ pass: false, detail: '177 at N = 8' });
  });

  it('fails a database whose server left requests unanswered, even without a 5xx', () => {
    const [noErrors] = judgeTargets([
      { database: 'SQLite', n: 32, perSecond: 2, serverErrors: 0, unanswered: 32 },
      { database: 'SQLite', n: 64, perSecond: 1, serverErrors: 40, unanswered: 64 },
    ]);
    expect(noErrors).toMatchObject({ pass: false, detail: '32 unanswered at N = 32, 40 + 64 unanswered at N = 64' });
  });

  it('passes N = 32 at or above N = 1, fails it below, per database', () => {
    const verdicts = judgeTargets([
      { database: 'SQLite', n: 1, perSecond: 50, serverErrors: 0, unanswered: 0 },
      { database: 'SQLite', n: 32, perSecond: 49.9, serverErrors: 0, unanswered: 0 },
      { database: 'MariaDB', n: 1, perSecond: 50, serverErrors: 0, unanswered: 0 },
      { database: 'MariaDB', n: 32, perSecond: 50, serverErrors: 0, unanswered: 0 },
    ]);
    expect(verdicts.map((v) => [v.target, v.pass])).toEqual([
      ['SQLite: zero 5xx at every N', true],
      ['SQLite: requests/s at N = 32 not below N = 1', false],
      ['MariaDB: zero 5xx at every N', true],
      ['MariaDB: requests/s at N = 32 not below N = 1', true],
    ]);
  });

  it('does not judge throughput without both N = 1 and N = 32', () => {
    const verdicts = judgeTargets([{ database: 'SQLite', n: 8, perSecond: 50, serverErrors: 0, unanswered: 0 }]);
    expect(verdicts[1].pass).toBeNull();
  });
});
