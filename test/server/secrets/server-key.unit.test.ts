import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadServerKey } from '../../../server/src/secrets/server-key';
import { loadConfig } from '../../../server/src/config';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-key-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the server key', () => {
  it('is created on first start as a key file readable by its owner only, and read back unchanged', () => {
    const file = path.join(dir, 'data', 'secret.key');
    const first = loadServerKey({ secretKeyFile: file });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    const again = loadServerKey({ secretKeyFile: file });
    expect(again.subkey('x').equals(first.subkey('x'))).toBe(true);
  });

  it('comes from AKTE_SECRET_KEY when set, and then no file is written', () => {
    const file = path.join(dir, 'secret.key');
    const key = loadServerKey({ secretKey: 'k'.repeat(40), secretKeyFile: file });
    expect(fs.existsSync(file)).toBe(false);
    expect(key.subkey('x').equals(loadServerKey({ secretKey: 'k'.repeat(40), secretKeyFile: file }).subkey('x'))).toBe(
      true,
    );
    expect(key.subkey('x').equals(loadServerKey({ secretKey: 'j'.repeat(40), secretKeyFile: file }).subkey('x'))).toBe(
      false,
    );
  });

  it('derives a different subkey per purpose (HKDF), none equal to the key itself', () => {
    const key = loadServerKey({ secretKey: 'k'.repeat(40), secretKeyFile: path.join(dir, 'unused') });
    const pairing = key.subkey('addin-pairing-codes');
    const sync = key.subkey('sync-account-secrets');
    expect(pairing).toHaveLength(32);
    expect(pairing.equals(sync)).toBe(false);
    expect(pairing.equals(Buffer.from('k'.repeat(32)))).toBe(false);
  });

  it('refuses a key file or variable shorter than 32 characters', () => {
    const file = path.join(dir, 'secret.key');
    fs.writeFileSync(file, 'short\n', { mode: 0o600 });
    expect(() => loadServerKey({ secretKeyFile: file })).toThrow(/at least 32/);
    expect(() => loadConfig({ AKTE_SECRET_KEY: 'short', AKTE_DATA_DIR: dir })).toThrow(/AKTE_SECRET_KEY/);
    expect(loadConfig({ AKTE_DATA_DIR: dir }).secretKeyFile).toBe(path.join(dir, 'secret.key'));
  });
});
