import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { Sequelize } from 'sequelize';
import mysql from 'mysql2/promise';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/logger';
import { bootstrap, closeDatabase } from '../../server/src/bootstrap';
import { createApp } from '../../server/src/app';
import { Team, TeamMember, User, Role } from '../../server/src/domain/users/model';
import { issueApiToken } from '../../server/src/domain/users/tokens';
import { hashPassword } from '../../server/src/domain/users/passwords';
import type { Services } from '../../server/src/http/context';

/**
 * A real Akte server (in-process Express app over a real database) for one test file:
 * a fresh SQLite file, or a fresh database on the run's MariaDB, chosen by the jest project (AKTE_TEST_DB).
 *
 * Users: `admin` (administrator), `all` (all records), `own` and `own2` (own records only; `own` and `all` are in
 * team "Vertrieb Nord", `own2` is not). Each has a personal API token; `env.as('own')` sends requests with it.
 */
export type TestUserKey = 'admin' | 'all' | 'own' | 'own2';
export const TEST_PASSWORD = 'correct horse battery';

export interface TestUser {
  id: number;
  email: string;
  token: string;
  role: Role;
}

export interface TestEnv {
  app: Express;
  services: Services;
  sequelize: Sequelize;
  dialect: 'sqlite' | 'mariadb';
  users: Record<TestUserKey, TestUser>;
  teamId: number;
  /** supertest requests authenticated as the given user (Bearer token). */
  as(user: TestUserKey): AuthedClient;
  /** Unauthenticated supertest agent. */
  anonymous(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface AuthedClient {
  get(url: string): request.Test;
  post(url: string): request.Test;
  put(url: string): request.Test;
  patch(url: string): request.Test;
  delete(url: string): request.Test;
}

/** A fresh, empty database for this test file (SQLite file or MariaDB database) and how to drop it. */
export async function databaseUrlForTest(): Promise<{
  url: string;
  dialect: 'sqlite' | 'mariadb';
  dataDir: string;
  drop: () => Promise<void>;
}> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-test-'));
  const dialect = process.env.AKTE_TEST_DB === 'mariadb' ? 'mariadb' : 'sqlite';
  if (dialect === 'sqlite') {
    return {
      url: `sqlite:${path.join(dataDir, 'akte.sqlite')}`,
      dialect,
      dataDir,
      drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const base = process.env.AKTE_TEST_MARIADB_URL;
  if (!base) throw new Error('AKTE_TEST_MARIADB_URL is not set: the mariadb project must run with its global setup');
  const name = `akte_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = await mysql.createConnection(base);
  await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return {
    url: base + name,
    dialect,
    dataDir,
    drop: async () => {
      const conn = await mysql.createConnection(base);
      await conn.query(`DROP DATABASE IF EXISTS ${name}`);
      await conn.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `settings`: extra environment variables for this server (e.g. AKTE_WRITE_WAIT_MS). */
export async function createTestEnv(settings: Record<string, string> = {}): Promise<TestEnv> {
  const db = await databaseUrlForTest();
  const config = loadConfig({
    // The dav-uncached jest project runs the DAV suite with AKTE_DAV_CACHE=off (jest.config.js).
    ...(process.env.AKTE_DAV_CACHE ? { AKTE_DAV_CACHE: process.env.AKTE_DAV_CACHE } : {}),
    ...settings,
    AKTE_DATA_DIR: db.dataDir,
    DATABASE_URL: db.url,
    AKTE_ADMIN_EMAIL: 'admin@example.test',
    AKTE_ADMIN_PASSWORD: TEST_PASSWORD,
    AKTE_LOG_LEVEL: 'silent',
    PORT: '0',
  });
  const started = await bootstrap(config, createLogger('silent'));
  const { sequelize } = started.services;
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const admin = await User.findOne({ where: { email: 'admin@example.test' } });
  const all = await User.create({ email: 'all@example.test', name: 'Alma Alle', role: 'all', passwordHash });
  const own = await User.create({ email: 'own@example.test', name: 'Otto Eigen', role: 'own', passwordHash });
  const own2 = await User.create({ email: 'own2@example.test', name: 'Olga Zwei', role: 'own', passwordHash });
  const team = await Team.create({ name: 'Vertrieb Nord', leaderId: all.id });
  await TeamMember.bulkCreate([
    { teamId: team.id, userId: all.id },
    { teamId: team.id, userId: own.id },
  ]);
  const users = {} as Record<TestUserKey, TestUser>;
  for (const [key, user] of Object.entries({ admin: admin!, all, own, own2 }) as Array<[TestUserKey, User]>) {
    const { secret } = await issueApiToken(user.id, `test ${key}`);
    users[key] = { id: user.id, email: user.email, token: secret, role: user.role };
  }
  const app = createApp(started.services);
  const as = (key: TestUserKey): AuthedClient => {
    const auth = (t: request.Test) => t.set('Authorization', `Bearer ${users[key].token}`);
    const agent = request(app);
    return {
      get: (url) => auth(agent.get(url)),
      post: (url) => auth(agent.post(url)),
      put: (url) => auth(agent.put(url)),
      patch: (url) => auth(agent.patch(url)),
      delete: (url) => auth(agent.delete(url)),
    };
  };
  return {
    app,
    services: started.services,
    sequelize,
    dialect: db.dialect,
    users,
    teamId: team.id,
    as,
    anonymous: () => request(app),
    close: async () => {
      await closeDatabase(sequelize);
      await db.drop();
    },
  };
}
