import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort, sleep } from '../services/net';

/**
 * A throw-away Dovecot IMAP server (Debian's dovecot-imapd) for one test file, started with the recipe of
 * /work/shared/RECIPES.md: passwd-file users (mail user `nobody`), Maildir under a temp root, plain IMAP on a free
 * 127.0.0.1 port, a Sent folder marked \Sent (RFC 6154). `condstore: false` takes CONDSTORE and QRESYNC out of the
 * advertised capabilities (imap_capability), as on servers without RFC 7162. Ready in a fraction of a second;
 * stopped by PID.
 */
export interface RunningDovecot {
  pid: number;
  port: number;
  root: string;
  /** Every user's password is `<name>pw`. */
  users: string[];
}

const WITHOUT_CONDSTORE =
  'IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT THREAD=REFERENCES MULTIAPPEND UNSELECT CHILDREN NAMESPACE ' +
  'UIDPLUS LIST-EXTENDED I18NLEVEL=1 ESEARCH SEARCHRES WITHIN CONTEXT=SEARCH LIST-STATUS BINARY MOVE SPECIAL-USE LITERAL+';

export async function startDovecot(options: { users?: string[]; condstore?: boolean } = {}): Promise<RunningDovecot> {
  const users = options.users ?? ['alice', 'bob', 'sales'];
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-dovecot-'));
  // mkdtemp makes 0700: Dovecot's helper processes could not reach their sockets (RECIPES.md).
  fs.chmodSync(root, 0o755);
  const port = await freePort();
  for (const dir of ['run', 'mail', 'home']) fs.mkdirSync(path.join(root, dir));
  const uid = Number(execId('-u'));
  const gid = Number(execId('-g'));
  fs.chownSync(path.join(root, 'mail'), uid, gid);
  fs.chownSync(path.join(root, 'home'), uid, gid);
  fs.writeFileSync(
    path.join(root, 'users'),
    users.map((u) => `${u}:{PLAIN}${u}pw:${uid}:${gid}::${root}/home/${u}::`).join('\n') + '\n',
  );
  fs.writeFileSync(
    path.join(root, 'dovecot.conf'),
    `base_dir = ${root}/run
state_dir = ${root}/run
log_path = ${root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${root}/mail/%u
# IDLE notices new mail within a second (inotify may be unavailable in a container; default is 30 s).
mailbox_idle_check_interval = 1 secs
${options.condstore === false ? `imap_capability = ${WITHOUT_CONDSTORE}` : ''}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${root}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${root}/users
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
  const out = fs.openSync(path.join(root, 'stdout.log'), 'a');
  const child = spawn('dovecot', ['-c', path.join(root, 'dovecot.conf'), '-F'], { stdio: ['ignore', out, out] });
  child.unref();
  fs.closeSync(out);
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGTERM');
      throw new Error(`Dovecot did not start; see ${root}/dovecot.log`);
    }
    await sleep(50);
  }
  return { pid: child.pid!, port, root, users };
}

function execId(flag: string): string {
  // The mail user must not be root (RECIPES.md): nobody/nogroup.
  return execFileSync('id', [flag, 'nobody']).toString().trim();
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function stopDovecot(dovecot: RunningDovecot): Promise<void> {
  try {
    process.kill(dovecot.pid, 'SIGTERM');
  } catch {
    // already gone
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(dovecot.pid, 0);
      await sleep(50);
    } catch {
      break;
    }
  }
  fs.rmSync(dovecot.root, { recursive: true, force: true });
}

/** An IMAP client logged in as `user` (password `<user>pw`), for the test's own APPENDs and folder changes. */
export async function imapAs<T>(
  dovecot: RunningDovecot,
  user: string,
  work: (client: ImapFlow) => Promise<T>,
): Promise<T> {
  const client = new ImapFlow({
    host: '127.0.0.1',
    port: dovecot.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user, pass: `${user}pw` },
    logger: false,
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.logout();
  }
}

/**
 * APPENDs raw messages to a user's folder (created when missing), in the given order (= UID order), line ends as
 * CRLF (RFC 3501 §4.3). A Buffer is taken byte for byte (8-bit headers, binary parts), only its line ends converted.
 */
export async function appendMessages(
  dovecot: RunningDovecot,
  user: string,
  folder: string,
  raws: Array<string | Buffer>,
): Promise<void> {
  await imapAs(dovecot, user, async (client) => {
    if (folder !== 'INBOX') {
      const exists = (await client.list()).some((f) => f.path === folder);
      if (!exists) await client.mailboxCreate(folder);
    }
    const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
    for (const raw of raws) {
      // latin1 maps each byte to one character and back: a Buffer's bytes stay as they are.
      await client.append(
        folder,
        typeof raw === 'string' ? Buffer.from(crlf(raw)) : Buffer.from(crlf(raw.toString('latin1')), 'latin1'),
      );
    }
  });
}
