import { QueryTypes } from 'sequelize';
import { openDatabase } from '../../../server/src/db/connection';
import { initModels } from '../../../server/src/models';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { Calendar } from '../../../server/src/domain/calendar/model';
import { createEvent, deleteEvent, updateEvent } from '../../../server/src/domain/calendar/events';
import { deletePartner } from '../../../server/src/domain/partners/delete-partner';
import { createPartner, updatePartner } from '../../../server/src/domain/partners/service';
import type { SyncDirection } from '@akte/sync-engine';
import { chooseCollections } from '../../../server/src/sync/accounts';
import { SyncAccount } from '../../../server/src/sync/model';
import { RadicaleClient } from '../../sync-engine/providers/dav/support/radicale-collections';
import { card, meeting } from './support/memory-accounts';
import { asUser, runAkte, useCliWorld } from './support/cli-world';

/**
 * The one-way directions per collection (issue #11: "to the CRM only / from the CRM only") end to end: the CLI on a
 * throw-away database against a real Radicale, an address book and a calendar each. "to-crm": a CRM edit or
 * deletion never reaches the remote; "from-crm": a remote edit, a remote card of its own or a remote deletion never
 * reaches the CRM. Both adopt what the other side already holds instead of copying it.
 */
const world = useCliWorld();
const cli = (...argv: string[]) => runAkte(world, ...argv);
let client: RadicaleClient;
beforeAll(() => {
  client = new RadicaleClient(world.radicale);
});

async function rows<T extends object>(sql: string, replacements: unknown[] = []): Promise<T[]> {
  const sequelize = openDatabase(world.db.url);
  try {
    return await sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements });
  } finally {
    await sequelize.close();
  }
}

/** One property of every item in a remote collection, sorted. */
async function remote(collection: string, property: 'FN' | 'SUMMARY'): Promise<string[]> {
  const listing = await client.request('PROPFIND', collection, { depth: '1' });
  const hrefs = [...listing.text.matchAll(/<[a-z]*:?href>([^<]+\.(?:vcf|ics))</gi)].map((m) => m[1]);
  const bodies = await Promise.all(hrefs.map((href) => client.get(href)));
  return bodies.map((b) => new RegExp(`^${property}:(.*)$`, 'm').exec(b!.body)![1].trim()).sort();
}

/** A user connected through the CLI, then syncing exactly `book` and `calendar` in `direction`. */
async function connect(email: string, book: string, calendar: string, direction: SyncDirection): Promise<string> {
  expect((await cli('create-user', '--email', email, '--name', email, '--role', 'own')).code).toBe(0);
  const connected = await cli(
    'sync-connect',
    ...['--email', email, '--provider', 'dav', '--url', world.radicale.baseUrl],
    ...['--username', world.radicale.user, '--password', world.radicale.password],
  );
  expect(connected).toMatchObject({ code: 0, err: '' });
  const account = connected.out[0];
  // As PUT …/collections does: outside a unit of work, on a connection of the test's own.
  const sequelize = openDatabase(world.db.url);
  try {
    initModels(sequelize);
    const actor = await actorForUser((await User.findOne({ where: { email } }))!);
    await chooseCollections(actor, (await SyncAccount.findByPk(Number(account)))!, [
      { href: book, kind: 'contacts', direction },
      { href: calendar, kind: 'events', direction },
    ]);
  } finally {
    await sequelize.close();
  }
  return account;
}

const run = async (account: string) => {
  const result = await cli('sync-run', '--account', account);
  expect(result.err).toBe('');
  const [crm, pushed] = result.sides();
  return { code: result.code, crm, remote: pushed };
};
const nothing = { created: 0, updated: 0, deleted: 0 };

async function personalCalendarOf(ctx: Parameters<Parameters<typeof asUser>[2]>[0]) {
  return (await Calendar.findOne({ where: { ownerUserId: ctx.actor.userId }, transaction: ctx.tx }))!.id;
}

it('to the CRM only: the remote comes in; CRM edits, creates and deletions never go out', async () => {
  const book = await client.makeCollection('inbound-book', 'addressbook');
  const calendar = await client.makeCollection('inbound-calendar', 'calendar', ['VEVENT']);
  await client.put(`${book}rita.vcf`, card('in-rita', { name: 'Rita Remote' }));
  await client.put(
    `${book}anna.vcf`,
    card('in-anna', { name: 'Anna Abgleich', emails: [{ email: 'anna@inbound.test', type: 'work' }] }),
  );
  await client.put(`${calendar}termin.ics`, meeting('in-termin', 'Termin Remote'));
  const email = 'tara@example.test';
  const account = await connect(email, book, calendar, 'to-crm');
  await asUser(world, email, async (ctx) => {
    await createPartner(ctx, { name: 'Paul Nur CRM' });
    await createPartner(ctx, { name: 'Anna Abgleich', emails: [{ email: 'anna@inbound.test' }] });
    await createEvent(ctx, {
      calendarId: await personalCalendarOf(ctx),
      title: 'Termin Nur CRM',
      startsAt: '2026-03-12T09:00:00Z',
      endsAt: '2026-03-12T10:00:00Z',
    });
  });

  const first = await run(account);
  expect(first).toMatchObject({ code: 0, crm: { created: 2 }, remote: nothing });
  // Anna was adopted, not copied; nothing of the CRM's own went out.
  expect(await rows('SELECT name FROM partners ORDER BY name')).toEqual([
    { name: 'Anna Abgleich' },
    { name: 'Paul Nur CRM' },
    { name: 'Rita Remote' },
  ]);
  expect(await remote(book, 'FN')).toEqual(['Anna Abgleich', 'Rita Remote']);
  expect(await remote(calendar, 'SUMMARY')).toEqual(['Termin Remote']);

  // CRM edits stay in the CRM.
  await asUser(world, email, async (ctx) => {
    const [rita] = await rows<{ id: number }>("SELECT id FROM partners WHERE name = 'Rita Remote'");
    await updatePartner(ctx, rita.id, { name: 'Rita Im CRM', notes: 'nur im CRM' });
    const [event] = await rows<{ id: number }>("SELECT id FROM events WHERE uid = 'in-termin'");
    await updateEvent(ctx, event.id, { title: 'Termin Im CRM' });
  });
  expect(await run(account)).toMatchObject({ code: 0, remote: nothing });
  expect(await remote(book, 'FN')).toEqual(['Anna Abgleich', 'Rita Remote']);
  expect(await remote(calendar, 'SUMMARY')).toEqual(['Termin Remote']);
  expect((await client.get(`${book}rita.vcf`))!.body).not.toMatch(/nur im CRM/);

  // A remote edit comes in, field by field: the CRM's own edit of another field stays.
  const rita = (await client.get(`${book}rita.vcf`))!.body;
  await client.put(`${book}rita.vcf`, rita.replace(/\r\nEND:VCARD/, '\r\nTITLE:Einkauf\r\nEND:VCARD'));
  expect(await run(account)).toMatchObject({ code: 0, crm: { updated: 1 }, remote: nothing });
  expect(await rows("SELECT name, job_title AS jobTitle FROM partners WHERE uid = 'in-rita'")).toEqual([
    { name: 'Rita Im CRM', jobTitle: 'Einkauf' },
  ]);
  expect(await remote(book, 'FN')).toEqual(['Anna Abgleich', 'Rita Remote']);

  // CRM deletions do not delete what the remote holds.
  await asUser(world, email, async (ctx) => {
    const [partner] = await rows<{ id: number }>("SELECT id FROM partners WHERE uid = 'in-rita'");
    await deletePartner(ctx, partner.id);
    const [event] = await rows<{ id: number }>("SELECT id FROM events WHERE uid = 'in-termin'");
    await deleteEvent(ctx, event.id);
  });
  expect(await run(account)).toMatchObject({ code: 0, remote: nothing });
  expect(await remote(book, 'FN')).toEqual(['Anna Abgleich', 'Rita Remote']);
  expect(await remote(calendar, 'SUMMARY')).toEqual(['Termin Remote']);
  expect(await run(account)).toMatchObject({ code: 0, crm: nothing, remote: nothing });
});

it('from the CRM only: the CRM goes out; remote edits, cards and deletions never come in', async () => {
  const book = await client.makeCollection('outbound-book', 'addressbook');
  const calendar = await client.makeCollection('outbound-calendar', 'calendar', ['VEVENT']);
  await client.put(`${book}rolf.vcf`, card('out-rolf', { name: 'Rolf Nur Remote' }));
  await client.put(
    `${book}berta.vcf`,
    card('out-berta', { name: 'Berta Abgleich', emails: [{ email: 'berta@outbound.test', type: 'work' }] }),
  );
  await client.put(`${calendar}fremd.ics`, meeting('out-fremd', 'Termin Nur Remote'));
  const email = 'fiona@example.test';
  const account = await connect(email, book, calendar, 'from-crm');
  await asUser(world, email, async (ctx) => {
    await createPartner(ctx, { name: 'Frieda CRM' });
    await createPartner(ctx, { name: 'Berta Abgleich', emails: [{ email: 'berta@outbound.test' }] });
    await createEvent(ctx, {
      calendarId: await personalCalendarOf(ctx),
      uid: 'out-crm-termin',
      title: 'Termin Aus Dem CRM',
      startsAt: '2026-03-12T09:00:00Z',
      endsAt: '2026-03-12T10:00:00Z',
    });
  });
  const partnersOfFiona = () =>
    rows<{ name: string }>(
      'SELECT p.name AS name FROM partners p JOIN users u ON u.id = p.salesperson_id WHERE u.email = ? ORDER BY p.name',
      [email],
    );

  const first = await run(account);
  expect(first).toMatchObject({ code: 0, crm: nothing, remote: { created: 2 } });
  // Berta was adopted, not copied; the remote's own card and event stay out of the CRM.
  expect(await remote(book, 'FN')).toEqual(['Berta Abgleich', 'Frieda CRM', 'Rolf Nur Remote']);
  expect(await partnersOfFiona()).toEqual([{ name: 'Berta Abgleich' }, { name: 'Frieda CRM' }]);
  expect(await rows("SELECT uid FROM events WHERE uid = 'out-fremd'")).toEqual([]);
  expect(await remote(calendar, 'SUMMARY')).toEqual(['Termin Aus Dem CRM', 'Termin Nur Remote']);

  // Remote edits stay on the remote.
  const hrefs = [...(await client.request('PROPFIND', book, { depth: '1' })).text.matchAll(/>([^<>]+\.vcf)</g)].map(
    (m) => m[1],
  );
  const bodies = await Promise.all(hrefs.map(async (href) => ({ href, body: (await client.get(href))!.body })));
  const frieda = bodies.find((b) => b.body.includes('FN:Frieda CRM'))!;
  await client.put(frieda.href, frieda.body.replace(/\r\nEND:VCARD/, '\r\nNOTE:am Telefon\r\nEND:VCARD'));
  const event = (await client.request('PROPFIND', calendar, { depth: '1' })).text;
  const eventHref = [...event.matchAll(/>([^<>]+\.ics)</g)].map((m) => m[1]).find((h) => !h.endsWith('fremd.ics'))!;
  const crmEvent = (await client.get(eventHref))!.body;
  await client.put(eventHref, crmEvent.replace('SUMMARY:Termin Aus Dem CRM', 'SUMMARY:Am Telefon Umbenannt'));
  expect(await run(account)).toMatchObject({ code: 0, crm: nothing });
  expect(await rows("SELECT notes FROM partners WHERE name = 'Frieda CRM'")).toEqual([{ notes: null }]);
  expect(await rows("SELECT title FROM events WHERE uid = 'out-crm-termin'")).toEqual([
    { title: 'Termin Aus Dem CRM' },
  ]);

  // Remote deletions do not delete what the CRM holds.
  await client.remove(frieda.href);
  await client.remove(eventHref);
  expect(await run(account)).toMatchObject({ code: 0, crm: nothing });
  expect(await partnersOfFiona()).toEqual([{ name: 'Berta Abgleich' }, { name: 'Frieda CRM' }]);
  expect(await rows("SELECT title FROM events WHERE uid = 'out-crm-termin'")).toHaveLength(1);

  // The CRM's next change goes out again (the remote copy was deleted, the CRM's record was not).
  await asUser(world, email, async (ctx) => {
    const [partner] = await rows<{ id: number }>("SELECT id FROM partners WHERE name = 'Frieda CRM'");
    await updatePartner(ctx, partner.id, { name: 'Frieda Neu' });
  });
  expect(await run(account)).toMatchObject({ code: 0, crm: nothing, remote: { created: 1 } });
  expect(await remote(book, 'FN')).toEqual(['Berta Abgleich', 'Frieda Neu', 'Rolf Nur Remote']);
  expect(await run(account)).toMatchObject({ code: 0, crm: nothing, remote: nothing });
});
