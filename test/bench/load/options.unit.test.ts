import { loadOptions } from './options';

describe('loadOptions', () => {
  it('defaults to 60 s, N = 1, 8, 32, 64 on both databases', () => {
    expect(loadOptions({ AKTE_BENCH_MARIADB_URL: 'mysql://root@127.0.0.1:1/' })).toEqual({
      seconds: 60,
      concurrencies: [1, 8, 32, 64],
      databases: ['sqlite', 'mariadb'],
      mariadbUrl: 'mysql://root@127.0.0.1:1/',
    });
  });

  it('takes shorter runs, other N and one database', () => {
    expect(loadOptions({ AKTE_BENCH_SECONDS: '5', AKTE_BENCH_N: '1, 8', AKTE_BENCH_DB: 'sqlite' })).toMatchObject({
      seconds: 5,
      concurrencies: [1, 8],
      databases: ['sqlite'],
    });
  });

  it.each([
    [{ AKTE_BENCH_SECONDS: '0', AKTE_BENCH_DB: 'sqlite' }, /AKTE_BENCH_SECONDS/],
    [{ AKTE_BENCH_N: '1,x', AKTE_BENCH_DB: 'sqlite' }, /AKTE_BENCH_N/],
    [{ AKTE_BENCH_N: '2.5', AKTE_BENCH_DB: 'sqlite' }, /AKTE_BENCH_N/],
    [{ AKTE_BENCH_DB: 'postgres' }, /unknown database "postgres"/],
    [{ AKTE_BENCH_DB: 'mariadb' }, /AKTE_BENCH_MARIADB_URL is not set/],
  ])('refuses %j before starting anything', (env, message) => {
    expect(() => loadOptions(env)).toThrow(message);
  });
});
