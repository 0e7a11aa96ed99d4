import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import mysql from 'mysql2/promise';
import type { Sequelize } from 'sequelize';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/logger';
import { bootstrap } from '../../server/src/bootstrap';
import { createApp } from '../../server/src/app';

export interface BenchAkte {
  dbName: string;
  sequelize: Sequelize;
  /** Start serving the app on loopback (after seeding, so seeding does not compete with requests). */
  listen(): Server;
  /** Close the server (if listening), drop the database, remove the data directory. */
  dispose(): Promise<void>;
}

/**
 * A migrated Akte on a fresh database in the throw-away MariaDB the `bench:*` script started
 * (`AKTE_BENCH_MARIADB_URL`, see test/services/with-mariadb.sh), with a temporary data directory.
 */
export async function startBenchAkte(script: string): Promise<BenchAkte> {
  const base = process.env.AKTE_BENCH_MARIADB_URL;
  if (!base) throw new Error(`AKTE_BENCH_MARIADB_URL is not set: run \`npm run ${script}\` (it starts MariaDB)`);
  const dbName = `akte_bench_${randomBytes(4).toString('hex')}`;
  const admin = await mysql.createConnection(base);
  await admin.query(`CREATE DATABASE ${dbName} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-bench-'));
  const config = loadConfig({
    AKTE_DATA_DIR: dataDir,
    DATABASE_URL: base + dbName,
    AKTE_ADMIN_EMAIL: 'admin@bench.example',
    AKTE_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    AKTE_LOG_LEVEL: process.env.AKTE_BENCH_LOG_LEVEL ?? 'silent',
    PORT: '0',
  });
  // AKTE_BENCH_LOG_LEVEL=error shows the server's log (e.g. the cause of a 500) on stdout.
  const started = await bootstrap(config, createLogger(config.logLevel));
  const { sequelize } = started.services;
  let server: Server | null = null;
  return {
    dbName,
    sequelize,
    listen() {
      server = createApp(started.services).listen(0, '127.0.0.1');
      return server;
    },
    async dispose() {
      if (server) {
        const closing = server;
        closing.closeAllConnections();
        await new Promise<void>((resolve) => closing.close(() => resolve()));
      }
      await sequelize.close();
      const cleanup = await mysql.createConnection(base);
      await cleanup.query(`DROP DATABASE IF EXISTS ${dbName}`);
      await cleanup.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
