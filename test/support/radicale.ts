import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, sleep } from '../services/net';

/**
 * A throw-away Radicale (Debian's package) — the reference server of the DAV benchmark and the remote of the sync
 * engine's DAV provider tests — started with the recipe of /work/shared/RECIPES.md: htpasswd auth with a plain-text
 * user, owner-only rights, filesystem storage under a temp root, 127.0.0.1 only. Stopped by PID.
 */
export interface RunningRadicale {
  pid: number;
  port: number;
  root: string;
  baseUrl: string;
  user: string;
  password: string;
}

export async function startRadicale(): Promise<RunningRadicale> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-radicale-'));
  fs.chmodSync(root, 0o755);
  const port = await freePort();
  const user = 'alice';
  const password = 'alicepw';
  fs.mkdirSync(path.join(root, 'collections'));
  fs.writeFileSync(path.join(root, 'users'), `${user}:${password}\n`);
  fs.writeFileSync(
    path.join(root, 'config'),
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${path.join(root, 'users')}`,
      'htpasswd_encryption = plain',
      '[rights]',
      'type = owner_only',
      '[storage]',
      `filesystem_folder = ${path.join(root, 'collections')}`,
      '',
    ].join('\n'),
  );
  const pid = await spawnRadicale(root, port);
  return { pid, port, root, baseUrl: `http://127.0.0.1:${port}`, user, password };
}

/** Starts Radicale on its root and port and waits until it answers. */
async function spawnRadicale(root: string, port: number): Promise<number> {
  const log = fs.openSync(path.join(root, 'radicale.log'), 'a');
  const child = spawn('radicale', ['--config', path.join(root, 'config')], {
    stdio: ['ignore', log, log],
    detached: true,
  });
  child.unref();
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/`, { method: 'OPTIONS' });
      await res.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        process.kill(child.pid!, 'SIGTERM');
        throw new Error(`Radicale did not start; see ${path.join(root, 'radicale.log')}`);
      }
      await sleep(100);
    }
  }
  return child.pid!;
}

async function endProcess(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
      await sleep(50);
    } catch {
      break;
    }
  }
}

/** A fresh Radicale process on the same collections and port (the "first request on a fresh server" figures). */
export async function restartRadicale(radicale: RunningRadicale): Promise<void> {
  await endProcess(radicale.pid);
  radicale.pid = await spawnRadicale(radicale.root, radicale.port);
}

export async function stopRadicale(radicale: RunningRadicale): Promise<void> {
  await endProcess(radicale.pid);
  fs.rmSync(radicale.root, { recursive: true, force: true });
}
