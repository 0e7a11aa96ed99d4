import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, sleep } from './net';

/**
 * Starts a throw-away MariaDB server for tests and benchmarks (recipe: ../shared/RECIPES.md): its own data
 * directory under a temp root, 127.0.0.1 only, a free port, durability switched off (test data need not survive a
 * crash), and a user `akte`/`akte` allowed to create one database per test file.
 */
export interface RunningMariaDb {
  pid: number;
  port: number;
  root: string;
  /** `mysql://akte:akte@127.0.0.1:PORT/` — append a database name. */
  baseUrl: string;
  version: string;
}

export async function startMariaDb(): Promise<RunningMariaDb> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-mariadb-'));
  fs.chmodSync(root, 0o755);
  const dataDir = path.join(root, 'data');
  const socket = path.join(root, 'mysqld.sock');
  execFileSync(
    'mariadb-install-db',
    [
      '--no-defaults',
      '--user=root',
      `--datadir=${dataDir}`,
      '--auth-root-authentication-method=socket',
      '--skip-test-db',
    ],
    { stdio: 'ignore' },
  );
  const port = await freePort();
  const child = spawn(
    'mariadbd',
    [
      '--no-defaults',
      '--user=root',
      `--datadir=${dataDir}`,
      `--socket=${socket}`,
      `--pid-file=${path.join(root, 'mysqld.pid')}`,
      '--bind-address=127.0.0.1',
      `--port=${port}`,
      '--skip-name-resolve',
      `--log-error=${path.join(root, 'error.log')}`,
      '--innodb-buffer-pool-size=256M',
      '--innodb-flush-log-at-trx-commit=0',
      '--innodb-doublewrite=0',
      '--skip-log-bin',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      '--max-connections=500',
    ],
    { detached: true, stdio: 'ignore' },
  );
  child.unref();
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      execFileSync('mariadb-admin', ['--no-defaults', `--socket=${socket}`, '-uroot', 'ping'], { stdio: 'ignore' });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`MariaDB did not start; see ${path.join(root, 'error.log')}`);
      await sleep(100);
    }
  }
  const sql =
    "CREATE USER 'akte'@'127.0.0.1' IDENTIFIED BY 'akte'; GRANT ALL ON *.* TO 'akte'@'127.0.0.1'; SELECT VERSION();";
  const version = execFileSync('mariadb', ['--no-defaults', `--socket=${socket}`, '-uroot', '-N', '-e', sql])
    .toString()
    .trim();
  return { pid: child.pid!, port, root, baseUrl: `mysql://akte:akte@127.0.0.1:${port}/`, version };
}

export async function stopMariaDb(db: { pid: number; root: string }): Promise<void> {
  try {
    process.kill(db.pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      process.kill(db.pid, 0);
      await sleep(100);
    } catch {
      break;
    }
  }
  fs.rmSync(db.root, { recursive: true, force: true });
}
