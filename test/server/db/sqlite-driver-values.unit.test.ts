import {
  nextBusyWait,
  nodeStyleError,
  sqliteBindingOf,
  sqliteValueOf,
} from '../../../server/src/db/sqlite-driver-values';

describe('sqliteValueOf: values bound as node-sqlite3 binds them', () => {
  it('binds whole numbers as integers (better-sqlite3 would bind a REAL), other numbers as they are', () => {
    expect(sqliteValueOf(5)).toBe(5n);
    expect(sqliteValueOf(-12)).toBe(-12n);
    expect(sqliteValueOf(2.5)).toBe(2.5);
    // Beyond 2^53 a number is no longer a whole number one can trust: left a REAL, as node-sqlite3 did.
    expect(sqliteValueOf(2 ** 60)).toBe(2 ** 60);
  });

  it('turns booleans into 1/0, dates into milliseconds, undefined into NULL', () => {
    expect(sqliteValueOf(true)).toBe(1n);
    expect(sqliteValueOf(false)).toBe(0n);
    expect(sqliteValueOf(new Date('2026-12-07T00:00:00Z'))).toBe(Date.parse('2026-12-07T00:00:00Z'));
    expect(sqliteValueOf(undefined)).toBeNull();
    expect(sqliteValueOf(null)).toBeNull();
  });

  it('keeps strings, bigints and buffers', () => {
    const buffer = Buffer.from('x');
    expect(sqliteValueOf('text')).toBe('text');
    expect(sqliteValueOf(7n)).toBe(7n);
    expect(sqliteValueOf(buffer)).toBe(buffer);
  });
});

describe('sqliteBindingOf: node-sqlite3 parameter forms', () => {
  it('passes no parameters as none', () => {
    expect(sqliteBindingOf([])).toEqual([]);
    expect(sqliteBindingOf([undefined])).toEqual([]);
  });

  it('binds an array, or values spread as arguments, by position', () => {
    expect(sqliteBindingOf([[1, 'a', null]])).toEqual([[1n, 'a', null]]);
    expect(sqliteBindingOf([1, 'a'])).toEqual([[1n, 'a']]);
    expect(sqliteBindingOf(['only'])).toEqual([['only']]);
  });

  it('binds an object by name without the placeholder sigil (Sequelize sends { $1: … } for $1)', () => {
    expect(sqliteBindingOf([{ $1: 3, ':name': 'x', '@flag': true, plain: 2.5 }])).toEqual([
      { 1: 3n, name: 'x', flag: 1n, plain: 2.5 },
    ]);
  });
});

describe('nodeStyleError', () => {
  it('names the primary result code, in the code and at the start of the message', () => {
    const source = Object.assign(new Error('UNIQUE constraint failed: t.id'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    const mapped = nodeStyleError(source) as Error & { code: string };
    expect(mapped.code).toBe('SQLITE_CONSTRAINT');
    expect(mapped.message).toBe('SQLITE_CONSTRAINT: UNIQUE constraint failed: t.id');
    const busy = nodeStyleError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    expect((busy as Error & { code: string }).code).toBe('SQLITE_BUSY');
  });

  it('keeps errors that are not SQLite’s as they are', () => {
    const range = new RangeError('Too many parameter values were provided');
    expect(nodeStyleError(range)).toBe(range);
  });
});

describe('nextBusyWait', () => {
  it('doubles from 2 ms up to 50 ms between tries', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((attempt) => nextBusyWait(attempt, 0, 0, 1000))).toEqual([
      2, 4, 8, 16, 32, 50, 50,
    ]);
  });

  it('gives up when the next try would start after the limit', () => {
    expect(nextBusyWait(8, 1000, 1940, 1000)).toBe(50);
    expect(nextBusyWait(8, 1000, 1951, 1000)).toBeNull();
  });
});
