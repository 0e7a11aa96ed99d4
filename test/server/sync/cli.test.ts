import { databaseUrlForTest } from '../../support/test-env';
import { runCli } from '../../../server/src/cli';
import { card, memoryRemote } from './support/memory-accounts';

/** `npm run akte -- sync-connect` and `sync-run` against the in-memory remote, on a database of their own. */
let db: Awaited<ReturnType<typeof databaseUrlForTest>>;
beforeAll(async () => {
  db = await databaseUrlForTest();
});
afterAll(() => db.drop());

async function cli(...argv: string[]): Promise<{ code: number; out: string[]; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env: { DATABASE_URL: db.url, AKTE_DATA_DIR: db.dataDir, AKTE_LOG_LEVEL: 'silent' },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err: err.join('\n') };
}

it('connects the default address book and calendar, runs a round and prints one line per side', async () => {
  expect((await cli('create-user', '--email', 'vera@example.test', '--name', 'Vera', '--role', 'own')).code).toBe(0);
  const { remote, url } = memoryRemote();
  remote.put('/book/a.vcf', card('cli-a', { name: 'Aus Dem Telefon' }));
  const usage = await cli('sync-connect', '--email', 'vera@example.test', '--provider', 'memory', '--url', url);
  expect(usage.code).toBe(2);
  expect(usage.err).toMatch(/--username is required/);
  const args = ['--provider', 'memory', '--url', url, '--username', 'vera', '--password', 'geheim-genug'];
  expect((await cli('sync-connect', '--email', 'nobody@example.test', ...args)).code).toBe(2);
  const connected = await cli('sync-connect', '--email', 'vera@example.test', ...args);
  expect(connected).toMatchObject({ code: 0, err: '' });
  const accountId = connected.out[0];
  expect(accountId).toMatch(/^\d+$/);

  const first = await cli('sync-run', '--account', accountId);
  expect(first.code).toBe(0);
  const [crm, pushed] = first.out.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(crm).toMatchObject({ side: 'crm', created: 1, updated: 0, deleted: 0, conflicts: 0 });
  expect(pushed).toMatchObject({ side: 'remote', created: 0, updated: 0, deleted: 0 });
  expect(first.out).toHaveLength(2);

  const again = await cli('sync-run', '--account', accountId);
  expect(again.out.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
    expect.objectContaining({ side: 'crm', created: 0, updated: 0, deleted: 0 }),
    expect.objectContaining({ side: 'remote', created: 0, updated: 0, deleted: 0 }),
  ]);

  // The remote goes down: the run says why on both lines and exits non-zero.
  remote.listChanges = async () => {
    throw new Error('503 Service Unavailable');
  };
  const down = await cli('sync-run', '--account', accountId);
  expect(down.code).toBe(1);
  expect(JSON.parse(down.out[0]).errors.join(' ')).toMatch(/failed: 503 Service Unavailable/);
  expect((await cli('sync-run', '--account', '999999')).code).toBe(2);
});
