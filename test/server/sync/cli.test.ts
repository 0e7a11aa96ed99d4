import { QueryTypes } from 'sequelize';
import { openDatabase } from '../../../server/src/db/connection';
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

it('sync-connect --scope chooses the address book’s partners: mine, or a tag named as people know it', async () => {
  expect((await cli('create-user', '--email', 'sina@example.test', '--name', 'Sina', '--role', 'own')).code).toBe(0);
  const sequelize = openDatabase(db.url);
  try {
    await sequelize.query(
      "INSERT INTO tags (name, color, created_at, updated_at) VALUES ('Messe 2026', NULL, '2026-01-01', '2026-01-01')",
    );
    const { url } = memoryRemote();
    const args = ['--email', 'sina@example.test', '--provider', 'memory', '--url', url, '--username', 's'];
    const connect = (scope: string) => cli('sync-connect', ...args, '--password', 'geheim-genug', '--scope', scope);
    const bad = await connect('friends');
    expect(bad).toMatchObject({ code: 2, err: expect.stringMatching(/--scope must be all, mine or tag:<tag name>/) });
    expect(await connect('tag:Unbekannt')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/No tag named Unbekannt/),
    });
    const scopes = async (account: string) =>
      (
        await sequelize.query<{ kind: string; scope: string; tag: number | null }>(
          'SELECT kind, contact_scope AS scope, contact_tag_id AS tag FROM sync_collections WHERE account_id = ? ORDER BY kind',
          { replacements: [Number(account)], type: QueryTypes.SELECT },
        )
      ).map((r) => ({ ...r, tag: r.tag === null ? null : Number(r.tag) }));
    const [tag] = await sequelize.query<{ id: number }>("SELECT id FROM tags WHERE name = 'Messe 2026'", {
      type: QueryTypes.SELECT,
    });
    const tagged = await connect('tag:messe 2026');
    expect(tagged.code).toBe(0);
    expect(await scopes(tagged.out[0])).toEqual([
      { kind: 'contact', scope: 'tag', tag: Number(tag.id) },
      { kind: 'event', scope: 'all', tag: null },
    ]);
    const mine = await connect('mine');
    expect(await scopes(mine.out[0])).toEqual([
      { kind: 'contact', scope: 'mine', tag: null },
      { kind: 'event', scope: 'all', tag: null },
    ]);
  } finally {
    await sequelize.close();
  }
});
