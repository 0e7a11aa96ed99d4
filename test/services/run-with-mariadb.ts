import { spawnSync } from 'node:child_process';
import { startMariaDb, stopMariaDb } from './mariadb';

/** `tsx run-with-mariadb.ts <command…>`: starts MariaDB, runs the command with AKTE_BENCH_MARIADB_URL, stops it. */
async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (!command) throw new Error('usage: run-with-mariadb.ts <command> [args…]');
  const db = await startMariaDb();
  console.log(`[mariadb] MariaDB ${db.version} on 127.0.0.1:${db.port}`);
  try {
    const result = spawnSync(command, args, {
      stdio: 'inherit',
      env: { ...process.env, AKTE_BENCH_MARIADB_URL: db.baseUrl },
    });
    process.exitCode = result.status ?? 1;
  } finally {
    await stopMariaDb(db);
  }
}

void main();
