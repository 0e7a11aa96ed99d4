import { QueryTypes } from 'sequelize';
import { openDatabase } from '../../../server/src/db/connection';
import { createPartner } from '../../../server/src/domain/partners/service';
import { RadicaleClient } from '../../sync-engine/providers/dav/support/radicale-collections';
import { card, meeting } from './support/memory-accounts';
import { asUser, runAkte, useCliWorld } from './support/cli-world';

/**
 * End to end through the operator CLI with the real DAV provider against a real Radicale: sync-connect discovers
 * and chooses the address book and calendar, sync-run brings the remote's cards and events into the CRM and the
 * CRM's new partner out, and a second run changes nothing.
 */
const world = useCliWorld();
const cli = (...argv: string[]) => runAkte(world, ...argv);

/** Reads what the CLI wrote, on a connection of our own (the CLI closes its own). */
async function rows<T extends object>(sql: string): Promise<T[]> {
  const sequelize = openDatabase(world.db.url);
  try {
    return await sequelize.query<T>(sql, { type: QueryTypes.SELECT });
  } finally {
    await sequelize.close();
  }
}
const createPartnerAs = (email: string, name: string) => asUser(world, email, (ctx) => createPartner(ctx, { name }));
const partnerNames = async () => (await rows<{ name: string }>('SELECT name FROM partners')).map((r) => r.name);

it('connects to Radicale and syncs contacts and events both ways', async () => {
  const client = new RadicaleClient(world.radicale);
  const book = await client.makeCollection('contacts', 'addressbook');
  const calendar = await client.makeCollection('calendar', 'calendar', ['VEVENT']);
  await client.put(
    `${book}erika.vcf`,
    card('rad-erika', { name: 'Erika Radicale', emails: [{ email: 'erika@world.radicale.test', type: 'work' }] }),
  );
  await client.put(`${book}no-suffix`, card('rad-hans', { name: 'Hans Ohne Endung' }));
  await client.put(`${calendar}termin.ics`, meeting('rad-meeting', 'Termin aus Radicale'));

  expect((await cli('create-user', '--email', 'rita@example.test', '--name', 'Rita', '--role', 'own')).code).toBe(0);
  const connect = await cli(
    'sync-connect',
    ...['--email', 'rita@example.test', '--provider', 'dav', '--url', world.radicale.baseUrl],
    ...['--username', world.radicale.user, '--password', world.radicale.password],
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
