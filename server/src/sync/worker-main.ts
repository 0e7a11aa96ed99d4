import { loadConfig } from '../config';
import { createLogger } from '../logger';
import { closeDatabase, openServices } from '../bootstrap';
import { serverKeyOf } from '../secrets/server-key';
import { createSyncRunner } from './run-collection';
import { startSyncWorker } from './worker';

/**
 * `npm run worker`: a sync worker as its own process, sharing the server's database (MariaDB/MySQL; on SQLite the
 * server's in-process worker is enough) and its server key (AKTE_SECRET_KEY, or the same data directory). Start as
 * many as the load needs, on any machine; they divide the collections among themselves through their claims.
 */
export async function runWorkerProcess(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const config = loadConfig(env);
  serverKeyOf(config);
  const logger = createLogger(config.logLevel);
  const services = await openServices(config, logger);
  const runner = createSyncRunner(services);
  const worker = startSyncWorker(runner, { idleMs: Math.min(5_000, Math.ceil(runner.leaseMs / 4)) });
  logger.info({ owner: runner.owner }, 'sync worker started');
  const stop = () => {
    void worker
      .stop()
      .then(() => closeDatabase(services.sequelize))
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  runWorkerProcess().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
