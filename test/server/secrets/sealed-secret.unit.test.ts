import { ServerKey } from '../../../server/src/secrets/server-key';
import { openSecret, sealSecret } from '../../../server/src/secrets/sealed-secret';
import { openMailboxPassword, sealMailboxPassword } from '../../../server/src/gateway/credentials';
import { openAccountPassword, sealAccountPassword } from '../../../server/src/sync/account-secret';

const key = new ServerKey(Buffer.alloc(32, 7));

describe('a secret sealed with the server key', () => {
  it('is never in clear, opens with the same key and purpose, and fails loudly with another key or purpose', () => {
    const use = { purpose: 'test', noun: 'test secret' };
    const sealed = sealSecret(key, use, 'hunter22');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('hunter22');
    expect(sealSecret(key, use, 'hunter22')).not.toBe(sealed);
    expect(openSecret(key, use, sealed)).toBe('hunter22');
    expect(() => openSecret(new ServerKey(Buffer.alloc(32, 8)), use, sealed)).toThrow(
      'The test secret cannot be opened with this server key',
    );
    expect(() => openSecret(key, { ...use, purpose: 'other' }, sealed)).toThrow(/cannot be opened/);
    expect(() => openSecret(key, use, 'plain')).toThrow('The test secret is not in a known sealed format');
  });

  // Sealed by the gateway's and the sync's own copies before they shared secrets/sealed-secret.ts: the passwords
  // already in the databases must still open.
  it('opens the passwords the mail gateway and the sync engine stored before', () => {
    expect(openMailboxPassword(key, 'v1.b5MOEDo6ny8sjUSD.-27OTxse0NjxiYzfA1906A.DrE9NgZpwg')).toBe('alicepw');
    expect(openAccountPassword(key, 'v1.0WNES2CXle8ykshT.ZRoQOjKjoq4leQHJFoHkog.k7xyIiHNHJpHQ71B')).toBe(
      'nextcloud-pw',
    );
  });

  it('keeps the mailboxes and the sync accounts apart (one subkey each)', () => {
    expect(() => openAccountPassword(key, sealMailboxPassword(key, 'pw'))).toThrow(/account secret cannot be opened/);
    expect(() => openMailboxPassword(key, sealAccountPassword(key, 'pw'))).toThrow(/mailbox password cannot be opened/);
  });
});
