import fs from 'node:fs';
import path from 'node:path';
import { hkdfSync, randomBytes } from 'node:crypto';

/**
 * The one secret key of a server installation, kept outside the database: a copy of the database (a backup, a
 * dump handed to support, a read-only SQL injection) must not be enough to mint pairing codes or, later, to decrypt
 * the account secrets the sync engine stores. It comes from AKTE_SECRET_KEY, or else from the key file
 * `<AKTE_DATA_DIR>/secret.key`, created on first start with mode 0600. Every server process of an installation must
 * see the same key (set the variable, or share the data directory).
 *
 * Nothing uses the key itself: each purpose derives its own subkey (HKDF-SHA256, RFC 5869), so a subkey that leaks
 * through one use says nothing about the others.
 */
export class ServerKey {
  constructor(private readonly material: Buffer) {
    if (material.length < 32) throw new Error('The server key must be at least 32 bytes long');
  }

  /** The key for one purpose (HKDF info `akte:<purpose>`); the same purpose always gives the same key. */
  subkey(purpose: string, length = 32): Buffer {
    return Buffer.from(hkdfSync('sha256', this.material, Buffer.alloc(0), `akte:${purpose}`, length));
  }
}

export interface ServerKeySource {
  /** AKTE_SECRET_KEY: at least 32 characters, used as they are (any text, e.g. `openssl rand -hex 32`). */
  secretKey?: string;
  /** Where the generated key is kept when AKTE_SECRET_KEY is not set. */
  secretKeyFile: string;
}

/** Reads the key from the environment or the key file, creating the file (0600) when there is none yet. */
export function loadServerKey(source: ServerKeySource): ServerKey {
  if (source.secretKey) return new ServerKey(Buffer.from(source.secretKey, 'utf8'));
  return new ServerKey(Buffer.from(readOrCreateKeyFile(source.secretKeyFile), 'utf8'));
}

function readOrCreateKeyFile(file: string): string {
  try {
    return readKeyFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx': exclusive create, so two processes starting at once cannot each write a different key.
    fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readKeyFile(file);
}

function readKeyFile(file: string): string {
  const key = fs.readFileSync(file, 'utf8').trim();
  if (key.length < 32) throw new Error(`The key file ${file} holds no key of at least 32 characters`);
  return key;
}

const keys = new WeakMap<ServerKeySource, ServerKey>();

/** The key of a configuration, read once per configuration object. */
export function serverKeyOf(source: ServerKeySource): ServerKey {
  let key = keys.get(source);
  if (!key) keys.set(source, (key = loadServerKey(source)));
  return key;
}
