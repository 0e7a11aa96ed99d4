import type { AddressInfo } from 'node:net';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/logger';
import { bootstrap, closeDatabase } from '../../server/src/bootstrap';
import { createApp } from '../../server/src/app';

/**
 * A second Akte server process over a test's database (the same SQLite file or MariaDB database), as a second
 * production process would run beside the first: its own Node process, Sequelize instance, connections and DAV caches.
 * `startSecondServer` forks this file (run through tsx); the child answers `{ ready: baseUrl }` once listening and
 * exits on `{ stop }`. AKTE_DAV_CACHE is passed on as the test runs (jest.config.js, project dav-uncached).
 */
export interface SecondServer {
  baseUrl: string;
  stop(): Promise<void>;
}

/** `nodeFlags`: V8 flags for the child (the DAV benchmark starts it as `npm start` does); `settings`: its environment. */
export async function startSecondServer(
  databaseUrl: string,
  dataDir: string,
  nodeFlags: string[] = [],
  settings: Record<string, string> = {},
): Promise<SecondServer> {
  const child: ChildProcess = fork(__filename, [databaseUrl, dataDir], {
    execArgv: ['--import', 'tsx', ...nodeFlags],
    // `settings` (e.g. AKTE_DAV_CACHE) passed explicitly: a test's own process.env is jest's copy, not the one fork reads.
    env: { ...process.env, ...settings },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`second server exited (code ${code})`)));
    child.once('message', (reply: { ready?: string; error?: string }) =>
      reply.ready ? resolve(reply.ready) : reject(new Error(reply.error)),
    );
  });
  child.removeAllListeners('exit');
  return {
    baseUrl,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ stop: true });
      }),
  };
}

async function serve(databaseUrl: string, dataDir: string): Promise<void> {
  const config = loadConfig({
    AKTE_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    AKTE_ADMIN_EMAIL: 'admin@example.test',
    AKTE_LOG_LEVEL: 'silent',
    AKTE_DAV_CACHE: process.env.AKTE_DAV_CACHE ?? 'on',
    PORT: '0',
  });
  const started = await bootstrap(config, createLogger('silent'));
  const server = createApp(started.services).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  process.on('message', () => {
    server.closeAllConnections();
    server.close(() => void closeDatabase(started.services.sequelize).finally(() => process.exit(0)));
  });
  process.send!({ ready: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
}

if (require.main === module && process.send) {
  serve(process.argv[2], path.resolve(process.argv[3])).catch((err: unknown) => {
    process.send?.({ error: (err as Error).message ?? String(err) });
    process.exit(1);
  });
}
