import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { zip } from '../../../thunderbird-extension/zip';

/**
 * Debian's Thunderbird, headless, on a fresh profile (../shared/RECIPES.md): the extensions are sideloaded into
 * the profile's extensions/ folder under their ids, and enabled at start (autoDisableScopes = 0).
 */
export interface Thunderbird {
  log(): string;
  stop(): Promise<void>;
}

export const HELPER_ID = 'test-helper@akte.test';

/** The test helper (helper/): zipped with the test server's address baked in. */
export function helperXpi(testServer: string): Buffer {
  const dir = path.join(__dirname, '..', 'helper');
  const files = fs.readdirSync(dir).map((name) => ({ name, data: fs.readFileSync(path.join(dir, name)) }));
  files.push({ name: 'config.js', data: Buffer.from(`var AKTE_TEST_SERVER = ${JSON.stringify(testServer)};\n`) });
  return zip(files);
}

export function startThunderbird(
  root: string,
  extensions: Array<{ id: string; xpi: Buffer }>,
  prefs: Record<string, string | number | boolean> = {},
): Thunderbird {
  const profile = path.join(root, 'tb-profile');
  const home = path.join(root, 'home');
  fs.mkdirSync(path.join(profile, 'extensions'), { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  for (const { id, xpi } of extensions) fs.writeFileSync(path.join(profile, 'extensions', `${id}.xpi`), xpi);
  const all: Record<string, string | number | boolean> = {
    'extensions.autoDisableScopes': 0,
    'extensions.experiments.enabled': true,
    'app.update.enabled': false,
    'extensions.update.enabled': false,
    'mail.shell.checkDefaultClient': false,
    'mail.provider.enabled': false,
    'mailnews.start_page.enabled': false,
    'mail.rights.override': true,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    ...prefs,
  };
  fs.writeFileSync(
    path.join(profile, 'user.js'),
    Object.entries(all)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n'),
  );
  const logFile = path.join(root, 'thunderbird.log');
  const out = fs.openSync(logFile, 'w');
  const child: ChildProcess = spawn(
    '/usr/lib/thunderbird/thunderbird',
    ['--headless', '-profile', profile, '-no-remote'],
    { env: { ...process.env, HOME: home, TMPDIR: root, MOZ_HEADLESS: '1' }, stdio: ['ignore', out, out] },
  );
  return {
    log: () => fs.readFileSync(logFile, 'utf8'),
    stop: async () => {
      await stopProcess(child, 15_000);
      fs.closeSync(out);
    },
  };
}

/** SIGTERM by PID, then wait for the exit (never by name: other tests run their own). */
async function stopProcess(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
