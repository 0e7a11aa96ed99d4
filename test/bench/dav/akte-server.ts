import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sequelize } from 'sequelize';
import mysql from 'mysql2/promise';
import { loadConfig } from '../../../server/src/config';
import { createLogger } from '../../../server/src/logger';
import { bootstrap } from '../../../server/src/bootstrap';
import { createApp } from '../../../server/src/app';
import { User } from '../../../server/src/domain/users/model';
import { issueApiToken } from '../../../server/src/domain/users/tokens';

/**
 * An Akte server for the DAV benchmark: a fresh database (a temp SQLite file, or a new database on a MariaDB the
 * caller started), listening on 127.0.0.1, with one salesperson ('own' role: the access policy's subqueries are part
 * of what a phone's requests cost) and a personal API token as the DAV password.
 * Model classes are process-wide singletons: run one AkteServer at a time and stop it before the next.
 */
export interface AkteServer {
  label: string;
  baseUrl: string;
  user: string;
  password: string;
  userId: number;
  sequelize: Sequelize;
  stop(): Promise<void>;
}

export async function startAkte(label: string, mariadbBaseUrl?: string): Promise<AkteServer> {
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
    AKTE_LOG_LEVEL: 'silent',
    PORT: '0',
  });
  const started = await bootstrap(config, createLogger('silent'));
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
  return {
    label,
    baseUrl: `http://127.0.0.1:${port}`,
    user: user.email,
    password: secret,
    userId: user.id,
    sequelize,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sequelize.close();
      await dropDatabase();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
