import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * A throw-away Dovecot IMAP server (../shared/RECIPES.md): one user, a Maildir filled with the given messages
 * before it starts, plaintext login on 127.0.0.1. The mail user must not be root: `nobody`.
 */
export interface Dovecot {
  port: number;
  user: string;
  password: string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startDovecot(root: string, messages: Buffer[]): Promise<Dovecot> {
  const dir = path.join(root, 'dovecot');
  const port = await freePort();
  for (const sub of ['run', 'mail', 'home']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const uid = execFileSync('id', ['-u', 'nobody']).toString().trim();
  const gid = execFileSync('id', ['-g', 'nobody']).toString().trim();
  fs.writeFileSync(path.join(dir, 'users'), `alice:{PLAIN}alicepw:${uid}:${gid}::${dir}/home/alice::\n`);
  const maildir = path.join(dir, 'mail', 'alice');
  for (const sub of ['cur', 'new', 'tmp']) fs.mkdirSync(path.join(maildir, sub), { recursive: true });
  // Maildir names: unique per message; ":2,S" = already seen. The order of the names is the order of arrival.
  messages.forEach((m, i) => fs.writeFileSync(path.join(maildir, 'cur', `${1700000000 + i}.M${i}P1.akte-test:2,S`), m));
  execFileSync('chown', ['-R', `${uid}:${gid}`, path.join(dir, 'mail'), path.join(dir, 'home')]);
  fs.writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/run
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const child: ChildProcess = spawn('dovecot', ['-c', path.join(dir, 'dovecot.conf'), '-F'], { stdio: 'ignore' });
  await waitForPort(port);
  return {
    port,
    user: 'alice',
    password: 'alicepw',
    stop: () => stopProcess(child),
  };
}

export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`Nothing listens on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGTERM by PID, then wait for the exit (never by name: other tests run their own). */
export async function stopProcess(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}
