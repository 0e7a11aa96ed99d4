import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mysql from 'mysql2/promise';
import { loadConfig } from '../../../server/src/config';
import { createLogger } from '../../../server/src/logger';
import { bootstrap } from '../../../server/src/bootstrap';
import { createApp } from '../../../server/src/app';
import { User } from '../../../server/src/domain/users/model';
import { issueApiToken } from '../../../server/src/domain/users/tokens';
import { seedAddressBook } from './big-books';
import type { BenchUser, BenchUserSpec } from './akte-server';

/**
 * The Akte server of the DAV benchmark, in a process of its own (forked by akte-server.ts): the way it runs in
 * production, and the way Radicale runs in the same benchmark, so the benchmark's client never shares the server's
 * event loop. A fresh database (a temp SQLite file, or a new database on the MariaDB named in argv[2]), listening on
 * 127.0.0.1, with one salesperson ('own' role: the access policy's subqueries are part of what a phone's requests
 * cost) and a personal API token as the DAV password.
 *
 * Talks to its parent over the IPC channel: sends `{ ready }` once listening, answers `{ seed: size }` with
 * `{ seeded }` (bulk-loads an address book for the big-book figure), `{ users }` with `{ users }` (more users, each
 * with its own API tokens: bench:load's clients), and `{ stop }` by closing and removing everything.
 */
type Request = { seed: number } | { users: BenchUserSpec[] } | { stop: true };

async function createUsers(specs: BenchUserSpec[]): Promise<BenchUser[]> {
  const created: BenchUser[] = [];
  for (const spec of specs) {
    const user = await User.create({ email: spec.email, name: spec.name, role: spec.role, passwordHash: null });
    const tokens: string[] = [];
    for (let t = 0; t < spec.tokens; t++) tokens.push((await issueApiToken(user.id, `load client ${t + 1}`)).secret);
    created.push({ email: user.email, userId: user.id, tokens });
  }
  return created;
}

async function main(): Promise<void> {
  const mariadbBaseUrl = process.argv[2] || undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-davbench-'));
  let databaseUrl = `sqlite:${path.join(dataDir, 'akte.sqlite')}`;
  let dropDatabase = async (): Promise<void> => {};
  if (mariadbBaseUrl) {
    const name = `akte_davbench_${randomBytes(4).toString('hex')}`;
    const admin = await mysql.createConnection(mariadbBaseUrl);
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    databaseUrl = mariadbBaseUrl + name;
    dropDatabase = async () => {
      const conn = await mysql.createConnection(mariadbBaseUrl);
      await conn.query(`DROP DATABASE IF EXISTS ${name}`);
      await conn.end();
    };
  }
  const config = loadConfig({
    AKTE_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    AKTE_ADMIN_EMAIL: 'admin@davbench.example',
    AKTE_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
    // AKTE_BENCH_LOG_LEVEL=error shows the server's log (e.g. the cause of a 500) on stdout, as in bench-akte.ts.
    AKTE_LOG_LEVEL: process.env.AKTE_BENCH_LOG_LEVEL ?? 'silent',
    PORT: '0',
  });
  const started = await bootstrap(config, createLogger(config.logLevel));
  const { sequelize } = started.services;
  const user = await User.create({
    email: 'verkauf@davbench.example',
    name: 'Vera Verkauf',
    role: 'own',
    passwordHash: null,
  });
  const { secret } = await issueApiToken(user.id, 'dav bench');
  const server: Server = createApp(started.services).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;

  process.on('message', (request: Request) => {
    if ('seed' in request) {
      void seedAddressBook(sequelize, user.id, request.seed).then(
        () => process.send!({ seeded: request.seed }),
        (err: Error) => process.send!({ error: err.message }),
      );
      return;
    }
    if ('users' in request) {
      void createUsers(request.users).then(
        (users) => process.send!({ users }),
        (err: Error) => process.send!({ error: err.message }),
      );
      return;
    }
    server.closeAllConnections();
    server.close(() => {
      void sequelize
        .close()
        .then(dropDatabase)
        .finally(() => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          process.exit(0);
        });
    });
  });
  process.send!({
    ready: {
      baseUrl: `http://127.0.0.1:${port}`,
      user: user.email,
      password: secret,
      userId: user.id,
      // A second, fresh process over the same database measures first requests (akte-server.ts freshProcess).
      databaseUrl,
      dataDir,
    },
  });
}

main().catch((err: unknown) => {
  process.send?.({ error: (err as Error).message ?? String(err) });
  process.exit(1);
});
