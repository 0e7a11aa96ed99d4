import { QueryTypes } from 'sequelize';
import { openDatabase } from '../../../server/src/db/connection';
import { inUnitOfWork } from '../../../server/src/db/unit-of-work';
import { initModels } from '../../../server/src/models';
import { FileBlobStore } from '../../../server/src/domain/documents/file-blob-store';
import { createPartner } from '../../../server/src/domain/partners/service';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { runCli } from '../../../server/src/cli';
import { databaseUrlForTest } from '../../support/test-env';
import { startRadicale, stopRadicale, type RunningRadicale } from '../../support/radicale';
import { RadicaleClient } from '../../sync-engine/providers/dav/support/radicale-collections';
import { card, meeting } from './support/memory-accounts';

/**
 * End to end through the operator CLI with the real DAV provider against a real Radicale: sync-connect discovers
 * and chooses the address book and calendar, sync-run brings the remote's cards and events into the CRM and the
 * CRM's new partner out, and a second run changes nothing.
 */
let db: Awaited<ReturnType<typeof databaseUrlForTest>>;
let radicale: RunningRadicale;

beforeAll(async () => {
  [db, radicale] = await Promise.all([databaseUrlForTest(), startRadicale()]);
});
afterAll(async () => {
  await stopRadicale(radicale);
  await db.drop();
});

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    env: { DATABASE_URL: db.url, AKTE_DATA_DIR: db.dataDir, AKTE_LOG_LEVEL: 'silent' },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  return { code, out, err: err.join('\n'), sides: () => out.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

/** Reads what the CLI wrote, on a connection of our own (the CLI closes its own). */
async function rows<T extends object>(sql: string): Promise<T[]> {
  const sequelize = openDatabase(db.url);
  try {
    return await sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  } finally {
    await sequelize.close();
  }
}
async function createPartnerAs(email: string, name: string): Promise<void> {
  const sequelize = openDatabase(db.url);
  try {
    initModels(sequelize);
    const actor = await actorForUser((await User.findOne({ where: { email } }))!);
    await inUnitOfWork(sequelize, (tx) =>
      createPartner({ actor, sequelize, tx, blobs: new FileBlobStore(db.dataDir) }, { name }),
    );
  } finally {
    await sequelize.close();
  }
}
const partnerNames = async () => (await rows<{ name: string }>('SELECT name FROM partners')).map((r) => r.name);

it('connects to Radicale and syncs contacts and events both ways', async () => {
  const client = new RadicaleClient(radicale);
  const book = await client.makeCollection('contacts', 'addressbook');
  const calendar = await client.makeCollection('calendar', 'calendar', ['VEVENT']);
  await client.put(
    `${book}erika.vcf`,
    card('rad-erika', { name: 'Erika Radicale', emails: [{ email: 'erika@radicale.test', type: 'work' }] }),
  );
  await client.put(`${book}no-suffix`, card('rad-hans', { name: 'Hans Ohne Endung' }));
  await client.put(`${calendar}termin.ics`, meeting('rad-meeting', 'Termin aus Radicale'));

  expect((await cli('create-user', '--email', 'rita@example.test', '--name', 'Rita', '--role', 'own')).code).toBe(0);
  const connect = await cli(
    'sync-connect',
    ...['--email', 'rita@example.test', '--provider', 'dav', '--url', radicale.baseUrl],
    ...['--username', radicale.user, '--password', radicale.password],
  );
  expect(connect).toMatchObject({ code: 0, err: '' });
  const account = connect.out[0];

  const first = await cli('sync-run', '--account', account);
  expect(first.err).toBe('');
  expect(first.sides()).toEqual([
    expect.objectContaining({ side: 'crm', created: 3, updated: 0, deleted: 0, errors: [] }),
    expect.objectContaining({ side: 'remote', created: 0, updated: 0, deleted: 0 }),
  ]);
  expect(first.code).toBe(0);
  expect((await partnerNames()).sort()).toEqual(['Erika Radicale', 'Hans Ohne Endung']);
  expect(await rows("SELECT id FROM events WHERE uid = 'rad-meeting'")).toHaveLength(1);

  const second = await cli('sync-run', '--account', account);
  expect(second.code).toBe(0);
  expect(second.sides()).toEqual([
    expect.objectContaining({ side: 'crm', created: 0, updated: 0, deleted: 0 }),
    expect.objectContaining({ side: 'remote', created: 0, updated: 0, deleted: 0 }),
  ]);

  // A card deleted on the phone goes from the CRM too.
  await client.remove(`${book}no-suffix`);
  const third = await cli('sync-run', '--account', account);
  expect(third.sides()[0]).toMatchObject({ side: 'crm', deleted: 1 });
  expect(await partnerNames()).toEqual(['Erika Radicale']);

  // An edit on the phone comes in; a partner made in the CRM (through the partner service) goes out.
  const erika = await client.get(`${book}erika.vcf`);
  await client.put(`${book}erika.vcf`, erika!.body.replace('Erika Radicale', 'Erika Umbenannt'));
  const fourth = await cli('sync-run', '--account', account);
  expect(fourth.sides()[0]).toMatchObject({ side: 'crm', updated: 1 });
  expect(await partnerNames()).toEqual(['Erika Umbenannt']);
  await createPartnerAs('rita@example.test', 'Aus Dem CRM');
  const fifth = await cli('sync-run', '--account', account);
  expect(fifth.sides()[1]).toMatchObject({ side: 'remote', created: 1 });
  const listing = await client.request('PROPFIND', book, { depth: '1' });
  const hrefs = [...listing.text.matchAll(/<[a-z]*:?href>([^<]+\.vcf)</gi)].map((m) => m[1]);
  const bodies = await Promise.all(hrefs.map((href) => client.get(href)));
  expect(bodies.map((b) => /^FN:(.*)$/m.exec(b!.body)?.[1].trim()).sort()).toEqual(['Aus Dem CRM', 'Erika Umbenannt']);
});
