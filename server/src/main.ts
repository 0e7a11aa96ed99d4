import { loadConfig } from './config';
import { createLogger } from './logger';
import { bootstrap } from './bootstrap';
import { createApp } from './app';
import { serverKeyOf } from './secrets/server-key';
import { loadDemoData } from './demo/load-demo-data';

/** Composition root: configuration → database → app → listen. */
async function main(): Promise<void> {
  const config = loadConfig();
  // The server key (AKTE_SECRET_KEY, or the key file made now on first start): read before anything needs it.
  serverKeyOf(config);
  const logger = createLogger(config.logLevel);
  const started = await bootstrap(config, logger);
  let demo: Awaited<ReturnType<typeof loadDemoData>> | undefined;
  if (config.demoData && started.adminCreated) demo = await loadDemoData(started.services.sequelize);
  const app = createApp(started.services);
  const server = app.listen(config.port, () => {
    const lines = [
      '',
      `Akte is running at ${config.publicUrl}  (API: ${config.publicUrl}/api/v1, OpenAPI: ${config.publicUrl}/api/v1/openapi.json)`,
    ];
    if (started.adminCreated) {
      lines.push(
        `Administrator login: ${config.adminEmail}  password: ${started.generatedAdminPassword ?? '(AKTE_ADMIN_PASSWORD)'}`,
      );
    } else {
      lines.push(`Log in as ${config.adminEmail} (password as set on first start).`);
    }
    if (demo) lines.push(...demo.summary);
    lines.push('');
    console.log(lines.join('\n'));
  });
  const stop = () => {
    server.close(() => void started.services.sequelize.close().then(() => process.exit(0)));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
