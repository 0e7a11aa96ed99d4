import path from 'node:path';
import { Sequelize } from 'sequelize';
import type { Config } from './config';
import type { Logger } from './logger';
import type { Services } from './http/context';
import { openDatabase } from './db/connection';
import { initModels } from './models';
import { migrate } from './db/migrator';
import { FileBlobStore } from './domain/documents/file-blob-store';
import { ensureAdministrator } from './domain/users/administrator';
import { finishBackgroundWrites } from './db/background-writes';

export interface Started {
  services: Services;
  /** The generated administrator password, when one was generated on this start (printed once). */
  generatedAdminPassword?: string;
  adminCreated: boolean;
}

/** Opens and migrates the database, binds the models and makes sure an administrator exists. */
export async function bootstrap(config: Config, logger: Logger): Promise<Started> {
  const services = await openServices(config, logger);
  const admin = await ensureAdministrator(services.sequelize, config.adminEmail, config.adminPassword);
  return { services, generatedAdminPassword: admin.generatedPassword, adminCreated: admin.created };
}

/**
 * Opens and migrates the database and binds the models: the services of the server, and of the processes that serve
 * no HTTP (`npm run worker`, a CLI command). Close them with closeDatabase.
 */
export async function openServices(config: Config, logger: Logger): Promise<Services> {
  const sequelize: Sequelize = openDatabase(config.databaseUrl, { maxWriteWaitMs: config.writeWaitMs });
  try {
    initModels(sequelize);
    const applied = await migrate(sequelize);
    if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  } catch (err) {
    await sequelize.close();
    throw err;
  }
  return { sequelize, config, logger, blobs: new FileBlobStore(path.join(config.dataDir, 'blobs')) };
}

/**
 * Closes the database of a stopping server (or test): first writes what waits to be written in the background
 * (db/background-writes.ts: token stamps, calendar renderings to keep), so no timer opens a transaction while the
 * handles close.
 */
export async function closeDatabase(sequelize: Sequelize): Promise<void> {
  await finishBackgroundWrites(sequelize);
  await sequelize.close();
}
