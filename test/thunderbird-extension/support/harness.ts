import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildThunderbird } from '../../../thunderbird-extension/build';
import { createApp } from '../../../server/src/app';
import { appendMessages, RunningDovecot, startDovecot, stopDovecot } from '../../support/dovecot';
import { createTestEnv, TEST_PASSWORD, TestEnv } from '../../support/test-env';
import { ChannelServer } from './channel-server';
import { SmtpSink, startSmtpSink } from '../../support/smtp-sink';
import { smtpPrefs } from './smtp-prefs';
import { HELPER_ID, helperXpi, startThunderbird, Thunderbird } from './thunderbird';

/**
 * Everything the end-to-end test and `npm run bench:thunderbird` start: an Akte server on 127.0.0.1 (its public
 * URL is the address Thunderbird uses), a Dovecot holding the given messages (test/support/dovecot.ts, user
 * alice), an SMTP server as the profile's outgoing server, the test build of the extension and the helper in a fresh
 * headless Thunderbird, the helper's IMAP account synced — then pairing through the server's real connect page.
 */
export const EXTENSION_ID = 'thunderbird@akte.app';
const SMTP_KEY = 'akte-test-smtp';

export interface Harness {
  env: TestEnv;
  server: http.Server;
  publicUrl: string;
  channel: ChannelServer;
  thunderbird: Thunderbird;
  /** Thunderbird's outgoing server: what it received. */
  smtp: SmtpSink;
  /** Runs before the Nth filing upload (POST /api/v1/filing/messages) reaches the app, when set. */
  beforeUpload: ((count: number) => Promise<void>) | null;
  uploads: number;
  /** The user clicks Connect and signs in on the server's page in Thunderbird's connect window. */
  pair(): Promise<{ connected: boolean }>;
  stop(): Promise<void>;
}

export async function startHarness(options: {
  messages: Buffer[];
  /** Before Thunderbird starts: records to file on, etc. */
  seed?: (env: TestEnv) => Promise<void>;
  prefs?: Record<string, string | number | boolean>;
  /** Download the bodies for offline use first (Thunderbird's default for IMAP accounts), as a user's would be. */
  offline?: boolean;
}): Promise<Harness> {
  const env = await createTestEnv();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-tb-'));
  let dovecot: RunningDovecot | undefined;
  let smtp: SmtpSink | undefined;
  let thunderbird: Thunderbird | undefined;
  let channel: ChannelServer | undefined;
  const handler: { app?: http.RequestListener } = {};
  const server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/api/v1/filing/messages')) {
      harness.uploads++;
      const hook = harness.beforeUpload;
      if (hook) return void hook(harness.uploads).then(() => handler.app!(req, res));
    }
    handler.app!(req, res);
  });
  const stop = async () => {
    await thunderbird?.stop();
    await channel?.stop();
    if (dovecot) await stopDovecot(dovecot);
    await smtp?.close();
    await new Promise((resolve) => server.close(resolve));
    await env.close();
    fs.rmSync(root, { recursive: true, force: true });
  };
  const harness = { env, server, beforeUpload: null, uploads: 0, stop } as unknown as Harness;
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    harness.publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    handler.app = createApp({ ...env.services, config: { ...env.services.config, publicUrl: harness.publicUrl } });
    await options.seed?.(env);
    dovecot = await startDovecot({ users: ['alice'] });
    await appendMessages(dovecot, 'alice', 'INBOX', options.messages);
    smtp = harness.smtp = await startSmtpSink({ auth: false });
    // Thunderbird's first IMAP sync in a fresh headless profile now and then goes wrong on a loaded machine (the
    // folder counts the headers twice, or its search index stays empty): that is the environment, not the extension,
    // so the set-up starts Thunderbird again on a fresh profile, at most SETUP_ATTEMPTS times, and says why.
    const failures: string[] = [];
    for (let attempt = 1; ; attempt++) {
      try {
        ({ channel, thunderbird } = await startSyncedThunderbird(path.join(root, `attempt-${attempt}`), {
          imapPort: dovecot.port,
          smtpPort: smtp.port,
          messages: options.messages.length,
          offline: options.offline === true,
          prefs: options.prefs,
        }));
        break;
      } catch (err) {
        failures.push(`attempt ${attempt}: ${(err as Error).message}`);
        if (attempt >= SETUP_ATTEMPTS)
          throw new Error(`Thunderbird did not set up:\n${failures.join('\n')}`, { cause: err });
        process.stderr.write(
          `Thunderbird set-up attempt ${attempt} failed, starting again: ${(err as Error).message}\n`,
        );
      }
    }
    harness.channel = channel;
    harness.thunderbird = thunderbird;
    await channel.send('setServer', { serverUrl: harness.publicUrl });
    harness.pair = async () => {
      await channel!.send('connect');
      return channel!.send('submitConnectForm', { email: env.users.all.email, password: TEST_PASSWORD });
    };
    return harness;
  } catch (err) {
    await stop();
    throw err;
  }
}

const SETUP_ATTEMPTS = 3;

/**
 * The test build of the extension and the helper in a fresh headless Thunderbird under `dir`, the helper's IMAP
 * account synced and searchable; stopped again if it does not get there.
 */
async function startSyncedThunderbird(
  dir: string,
  setup: {
    imapPort: number;
    smtpPort: number;
    messages: number;
    offline: boolean;
    prefs?: Record<string, string | number | boolean>;
  },
): Promise<{ channel: ChannelServer; thunderbird: Thunderbird }> {
  fs.mkdirSync(dir, { recursive: true });
  const channel = new ChannelServer({
    imapPort: setup.imapPort,
    user: 'alice',
    password: 'alicepw',
    smtpServer: SMTP_KEY,
    extensionId: EXTENSION_ID,
    origins: ['http://127.0.0.1/*'],
    expectMessages: setup.messages,
    offline: setup.offline,
  });
  let thunderbird: Thunderbird | undefined;
  try {
    const channelUrl = await channel.start();
    const xpi = await buildThunderbird({ outdir: path.join(dir, 'dist'), testChannel: channelUrl });
    thunderbird = startThunderbird(
      dir,
      [
        { id: HELPER_ID, xpi: helperXpi(channelUrl) },
        { id: EXTENSION_ID, xpi: fs.readFileSync(xpi) },
      ],
      { ...smtpPrefs(SMTP_KEY, setup.smtpPort), ...setup.prefs },
    );
    let timer: NodeJS.Timeout | undefined;
    const started = thunderbird;
    const helper = await Promise.race([
      channel.helper,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const steps = channel.helperSteps.join(', ') || 'none';
          reject(new Error(`Thunderbird did not set up (helper steps: ${steps}):\n${started.log().slice(-3000)}`));
        }, 90_000);
      }),
    ]);
    clearTimeout(timer);
    if (!helper.ok || helper.messages !== setup.messages) {
      throw new Error(`The IMAP account was not set up: ${JSON.stringify(helper)} (${setup.messages} expected)`);
    }
    // Thunderbird indexes the new folder for searches (messages.query) a moment after its headers arrived.
    for (let tries = 0; ; tries++) {
      const inbox = await channel.send<unknown[]>('inbox');
      if (inbox.length === setup.messages) break;
      if (tries > 150) throw new Error(`Thunderbird's search finds ${inbox.length} of ${setup.messages}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { channel, thunderbird };
  } catch (err) {
    await thunderbird?.stop();
    await channel.stop();
    throw err;
  }
}
