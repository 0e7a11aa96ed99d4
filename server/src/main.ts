import { loadConfig } from './config';
import { createLogger } from './logger';
import { bootstrap, closeDatabase } from './bootstrap';
import { createApp } from './app';
import { serverKeyOf } from './secrets/server-key';
import { loadDemoData } from './demo/load-demo-data';
import { startBanner } from './start-banner';
import { startGatewayWorker } from './gateway/worker';
import { createSyncRunner } from './sync/run-collection';
import { startSyncWorker } from './sync/worker';

/** Composition root: configuration → database → app → listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  // The server key (AKTE_SECRET_KEY, or the key file made now on first start): read before anything needs it.
  serverKeyOf(config);
  const logger = createLogger(config.logLevel);
  const started = await bootstrap(config, logger);
  let demoSummary: string[] | undefined;
  if (config.demoData && started.adminCreated) {
    ({ summary: demoSummary } = await loadDemoData(started.services.sequelize, {
      administratorEmail: config.adminEmail,
    }));
  }
  const app = createApp(started.services);
  const server = app.listen(config.port, () => {
    const banner = startBanner({
      publicUrl: config.publicUrl,
      adminEmail: config.adminEmail,
      adminCreated: started.adminCreated,
      generatedAdminPassword: started.generatedAdminPassword,
      demoSummary,
    });
    console.log(banner.join('\n'));
  });
  // One sync worker in the server process unless AKTE_SYNC_WORKER=off (then `npm run worker` processes sync).
  const syncWorker = config.syncWorker ? startSyncWorker(createSyncRunner(started.services)) : null;
  // The mail gateway's periodic check of its mailboxes unless AKTE_MAIL_GATEWAY=off (server/src/gateway/README.md).
  const gatewayWorker = config.mailGateway ? startGatewayWorker(started.services) : null;
  const stop = () => {
    server.close(
      () =>
        void Promise.all([syncWorker?.stop(), gatewayWorker?.stop()])
          .then(() => closeDatabase(started.services.sequelize))
          .then(() => process.exit(0)),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
