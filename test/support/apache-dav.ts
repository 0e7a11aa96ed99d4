import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, sleep } from '../services/net';

/**
 * A throw-away Apache 2.4 with mod_dav (Debian's `apache2`) serving a WebDAV folder at /dav/ — what Nextcloud-style
 * shares speak — started with the recipe of /work/shared/RECIPES.md: its own config under a temp root, Basic auth for
 * one user, 127.0.0.1 only, the data owned by www-data. Stopped with `apache2 -k stop` on the same config.
 */
export interface RunningApacheDav {
  root: string;
  /** The folder Apache serves (files written here appear on the share). */
  dataDir: string;
  baseUrl: string;
  /** The share's URL: `${baseUrl}/dav/`. */
  shareUrl: string;
  user: string;
  password: string;
}

export async function startApacheDav(): Promise<RunningApacheDav> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-apache-'));
  fs.chmodSync(root, 0o755);
  const dataDir = path.join(root, 'dav');
  const run = path.join(root, 'run');
  fs.mkdirSync(dataDir);
  fs.mkdirSync(run);
  execFileSync('chown', ['www-data:www-data', dataDir, run]);
  const user = 'alice';
  const password = 'alicepw';
  execFileSync('htpasswd', ['-cb', path.join(root, 'users'), user, password], { stdio: 'ignore' });
  const port = await freePort();
  const modules = '/usr/lib/apache2/modules';
  const config = path.join(root, 'httpd.conf');
  fs.writeFileSync(
    config,
    [
      'ServerRoot /etc/apache2',
      `PidFile ${run}/httpd.pid`,
      `Listen 127.0.0.1:${port}`,
      'User www-data',
      'Group www-data',
      'ServerName 127.0.0.1',
      `ErrorLog ${root}/error.log`,
      ...[
        'mpm_event',
        'authz_core',
        'authz_user',
        'authn_core',
        'authn_file',
        'auth_basic',
        'alias',
        'dav',
        'dav_fs',
      ].map((m) => `LoadModule ${m}_module ${modules}/mod_${m}.so`),
      `DAVLockDB ${run}/DAVLock`,
      `Alias /dav ${dataDir}`,
      '<Location /dav>',
      '  DAV On',
      '  AuthType Basic',
      '  AuthName "dav"',
      `  AuthUserFile ${root}/users`,
      '  Require valid-user',
      '</Location>',
      `<Directory ${dataDir}>`,
      '  Require all granted',
      '</Directory>',
      '',
    ].join('\n'),
  );
  execFileSync('apache2', ['-f', config, '-k', 'start'], {
    stdio: 'ignore',
    env: { ...process.env, APACHE_LOG_DIR: root },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/dav/`, { method: 'OPTIONS' });
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`Apache did not start; see ${root}/error.log`);
      await sleep(100);
    }
  }
  return { root, dataDir, baseUrl, shareUrl: `${baseUrl}/dav/`, user, password };
}

export async function stopApacheDav(apache: RunningApacheDav): Promise<void> {
  const pidFile = path.join(apache.root, 'run', 'httpd.pid');
  try {
    execFileSync('apache2', ['-f', path.join(apache.root, 'httpd.conf'), '-k', 'stop'], { stdio: 'ignore' });
  } catch {
    // already stopped
  }
  for (let i = 0; i < 100 && fs.existsSync(pidFile); i++) await sleep(50);
  fs.rmSync(apache.root, { recursive: true, force: true });
}
