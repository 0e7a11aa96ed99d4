/**
 * bench:load's settings from the environment (pure, so a typo fails before any server starts):
 *   AKTE_BENCH_SECONDS  seconds per run (default 60)
 *   AKTE_BENCH_N        concurrent clients per run, comma-separated (default 1,8,32,64)
 *   AKTE_BENCH_DB       databases, comma-separated: sqlite, mariadb (default both; mariadb needs
 *                       AKTE_BENCH_MARIADB_URL, which `npm run bench:load` sets through test/services/with-mariadb.sh)
 */
export type LoadDatabase = 'sqlite' | 'mariadb';

export interface LoadOptions {
  seconds: number;
  concurrencies: number[];
  databases: LoadDatabase[];
  mariadbUrl?: string;
}

const DATABASES: readonly LoadDatabase[] = ['sqlite', 'mariadb'];

function list(value: string | undefined, fallback: string): string[] {
  return (value?.trim() || fallback)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function loadOptions(env: Record<string, string | undefined>): LoadOptions {
  const seconds = Number(env.AKTE_BENCH_SECONDS ?? 60);
  if (!(seconds > 0)) throw new Error(`AKTE_BENCH_SECONDS must be a positive number, not "${env.AKTE_BENCH_SECONDS}"`);
  const concurrencies = list(env.AKTE_BENCH_N, '1,8,32,64').map(Number);
  const badN = concurrencies.find((n) => !Number.isInteger(n) || n < 1);
  if (badN !== undefined || !concurrencies.length) {
    throw new Error(`AKTE_BENCH_N must list positive whole numbers (e.g. 1,8), not "${env.AKTE_BENCH_N}"`);
  }
  const databases = list(env.AKTE_BENCH_DB, DATABASES.join(','));
  const unknown = databases.find((d) => !DATABASES.includes(d as LoadDatabase));
  if (unknown !== undefined) throw new Error(`AKTE_BENCH_DB: unknown database "${unknown}" (sqlite, mariadb)`);
  const mariadbUrl = env.AKTE_BENCH_MARIADB_URL || undefined;
  if (databases.includes('mariadb') && !mariadbUrl) {
    throw new Error(
      'AKTE_BENCH_MARIADB_URL is not set: run `npm run bench:load` (it starts MariaDB), or AKTE_BENCH_DB=sqlite',
    );
  }
  return { seconds, concurrencies, databases: databases as LoadDatabase[], mariadbUrl };
}
