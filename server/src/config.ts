import path from 'node:path';
import { z } from 'zod';

/** Environment variables the server understands (documented in README.md). */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  AKTE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().optional(),
  AKTE_ADMIN_EMAIL: z.string().email().default('admin@akte.local'),
  AKTE_ADMIN_PASSWORD: z.string().min(8).optional(),
  AKTE_DEMO_DATA: z.enum(['0', '1']).default('0'),
  AKTE_PUBLIC_URL: z.string().url().optional(),
  AKTE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AKTE_SESSION_SECURE: z.enum(['0', '1']).optional(),
  AKTE_ADDIN_DIR: z.string().min(1).optional(),
  AKTE_WEB_DIR: z.string().min(1).optional(),
  AKTE_THUNDERBIRD_XPI: z.string().min(1).optional(),
  AKTE_SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  AKTE_DAV_CACHE: z.enum(['on', 'off']).default('on'),
  AKTE_WRITE_WAIT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  AKTE_MAIL_GATEWAY: z.enum(['on', 'off']).default('on'),
  AKTE_MAIL_CHECK_INTERVAL_S: z.coerce.number().int().min(10).max(86_400).default(300),
  AKTE_SMTP_URL: z.string().url().optional(),
  AKTE_SMTP_FROM: z.string().email().optional(),
  AKTE_SYNC_WORKER: z.enum(['on', 'off']).default('on'),
  AKTE_SYNC_INTERVAL_S: z.coerce.number().int().min(10).max(86_400).default(300),
  AKTE_SYNC_LEASE_S: z.coerce.number().int().min(1).max(3_600).default(300),
});

export interface Config {
  port: number;
  dataDir: string;
  databaseUrl: string;
  adminEmail: string;
  adminPassword?: string;
  demoData: boolean;
  publicUrl: string;
  logLevel: string;
  /** Mark session cookies `Secure` (default: when the public URL is https). */
  secureCookies: boolean;
  /** The built Outlook add-in (`npm run build:addin`), served under /addin/. */
  addinDir: string;
  /** The built Thunderbird add-on (`npm run build:thunderbird`), offered at /addin/thunderbird.xpi. */
  thunderbirdXpi: string;
  /** The built back office (`npm run build:web`), served at / for every path no protocol owns (web/router.ts). */
  webDir: string;
  /** AKTE_SECRET_KEY; when unset, the key in `secretKeyFile` (secrets/server-key.ts). */
  secretKey?: string;
  secretKeyFile: string;
  /** Keep DAV's per-process indexes and caches (dav/caches.ts); off: every DAV request straight from the database. */
  davCache: boolean;
  /** SQLite: how long a write may wait for its turn (db/write-gate.ts) before it answers 503 + Retry-After. */
  writeWaitMs: number;
  /** Check the mail gateway's mailboxes periodically inside the server process (server/src/gateway/README.md). */
  mailGateway: boolean;
  /** How long after a check a mailbox is due again. */
  gatewayIntervalMs: number;
  /** The server-wide SMTP account for mail sent from the CRM (smtp://user:pass@host:port), if any. */
  smtpUrl?: string;
  /** The sender address of mail sent through the server-wide account when the user has none of their own. */
  smtpFrom?: string;
  /** Run a sync worker inside the server process (server/src/sync/README.md); off: only `npm run worker`s sync. */
  syncWorker: boolean;
  /** How long after a finished round a synced collection is due again. */
  syncIntervalMs: number;
  /** How long a worker's claim on a collection lasts without renewal (renewed after every page). */
  syncLeaseMs: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration: ${details}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.AKTE_DATA_DIR);
  const publicUrl = (e.AKTE_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return {
    port: e.PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'akte.sqlite')}`,
    adminEmail: e.AKTE_ADMIN_EMAIL,
    adminPassword: e.AKTE_ADMIN_PASSWORD,
    demoData: e.AKTE_DEMO_DATA === '1',
    publicUrl,
    logLevel: e.AKTE_LOG_LEVEL,
    secureCookies: e.AKTE_SESSION_SECURE ? e.AKTE_SESSION_SECURE === '1' : publicUrl.startsWith('https:'),
    davCache: e.AKTE_DAV_CACHE === 'on',
    writeWaitMs: e.AKTE_WRITE_WAIT_MS,
    mailGateway: e.AKTE_MAIL_GATEWAY === 'on',
    gatewayIntervalMs: e.AKTE_MAIL_CHECK_INTERVAL_S * 1000,
    smtpUrl: e.AKTE_SMTP_URL,
    smtpFrom: e.AKTE_SMTP_FROM,
    syncWorker: e.AKTE_SYNC_WORKER === 'on',
    syncIntervalMs: e.AKTE_SYNC_INTERVAL_S * 1000,
    syncLeaseMs: e.AKTE_SYNC_LEASE_S * 1000,
    secretKey: e.AKTE_SECRET_KEY,
    secretKeyFile: path.join(dataDir, 'secret.key'),
    addinDir: path.resolve(e.AKTE_ADDIN_DIR ?? path.join(__dirname, '../../addin/dist')),
    webDir: path.resolve(e.AKTE_WEB_DIR ?? path.join(__dirname, '../web/dist')),
    thunderbirdXpi: path.resolve(
      e.AKTE_THUNDERBIRD_XPI ?? path.join(__dirname, '../../thunderbird-extension/dist/akte-thunderbird.xpi'),
    ),
  };
}
