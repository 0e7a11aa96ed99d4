import { QueryTypes } from 'sequelize';
import { parseCalendarObject } from '@akte/core';
import { createActivity } from '../../../server/src/domain/activities/service';
import { createEvent, updateEvent } from '../../../server/src/domain/calendar/events';
import { Calendar } from '../../../server/src/domain/calendar/model';
import { User } from '../../../server/src/domain/users/model';
import { RadicaleClient } from '../../sync-engine/providers/dav/support/radicale-collections';
import { meeting } from './support/memory-accounts';
import { asUser, runAkte, useCliWorld } from './support/cli-world';

/**
 * Calendars against a real Radicale through the operator CLI: one calendar holding events *and* to-dos is synced
 * twice (its events with the CRM calendar, its to-dos with the activities, each in its own collection), and a
 * colleague's meeting the user attends takes the user's answer from their Radicale copy and sends the organizer's
 * later change back to it.
 */
const world = useCliWorld();
const cli = (...argv: string[]) => runAkte(world, ...argv);
const otto = 'otto@example.test';
const rita = 'rita@example.test';
let client: RadicaleClient;
let calendar: string;
let account: string;

const todo = (uid: string, summary: string) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VTODO',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `SUMMARY:${summary}`,
    'DUE;VALUE=DATE:20260320',
    'END:VTODO',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

/** Every item of the Radicale calendar: its component, UID and body. */
async function remoteItems() {
  const listing = await client.request('PROPFIND', calendar, { depth: '1' });
  const hrefs = [...listing.text.matchAll(/<[a-z]*:?href>([^<]+\.ics)</gi)].map((m) => m[1]);
  const bodies = await Promise.all(hrefs.map(async (href) => (await client.get(href))!.body));
  return bodies.map((body) => ({ ...pick(parseCalendarObject(body)), body }));
}
const pick = (o: { kind: string; uid: string }) => ({ kind: o.kind, uid: o.uid });

const quiet = [
  expect.objectContaining({ side: 'crm', created: 0, updated: 0, deleted: 0, errors: [] }),
  expect.objectContaining({ side: 'remote', created: 0, updated: 0, deleted: 0 }),
];

async function rows<T extends object>(sql: string): Promise<T[]> {
  return asUser(world, otto, (ctx, sequelize) =>
    sequelize.query<T>(sql, { type: QueryTypes.SELECT, transaction: ctx.tx }),
  );
}

beforeAll(async () => {
  client = new RadicaleClient(world.radicale);
  calendar = await client.makeCollection('personal', 'calendar', ['VEVENT', 'VTODO']);
  for (const [email, name] of [
    [otto, 'Otto'],
    [rita, 'Rita'],
  ])
    expect((await cli('create-user', '--email', email, '--name', name, '--role', 'own')).code).toBe(0);
});

it('syncs one calendar’s events with the CRM calendar and its to-dos with the activities, no duplicates', async () => {
  await client.put(`${calendar}event.ics`, meeting('mixed-event', 'Termin aus Radicale'));
  await client.put(`${calendar}todo.ics`, todo('mixed-task', 'Aufgabe aus Radicale'));
  const connect = await cli(
    'sync-connect',
    ...['--email', otto, '--provider', 'dav', '--url', world.radicale.baseUrl],
    ...['--username', world.radicale.user, '--password', world.radicale.password],
  );
  expect(connect).toMatchObject({ code: 0, err: '' });
  account = connect.out[0];
  const chosen = await rows<{ kind: string; href: string }>('SELECT kind, remote_href AS href FROM sync_collections');
  expect(chosen.map((c) => [c.kind, c.href]).sort()).toEqual([
    ['event', calendar],
    ['task', calendar],
  ]);

  const first = await cli('sync-run', '--account', account);
  expect(first.sides()).toEqual([
    expect.objectContaining({ side: 'crm', created: 2, errors: [] }),
    expect.objectContaining({ side: 'remote', created: 0 }),
  ]);
  expect(await rows("SELECT title FROM events WHERE uid = 'mixed-event'")).toEqual([{ title: 'Termin aus Radicale' }]);
  expect(await rows("SELECT summary FROM activities WHERE uid = 'mixed-task'")).toEqual([
    { summary: 'Aufgabe aus Radicale' },
  ]);

  // What the CRM makes goes into the same calendar as the right component.
  await asUser(world, otto, async (ctx) => {
    const own = await Calendar.findOne({ where: { ownerUserId: ctx.actor.userId }, transaction: ctx.tx });
    await createEvent(ctx, {
      calendarId: own!.id,
      uid: 'crm-event',
      title: 'Termin aus dem CRM',
      startsAt: '2026-03-12T09:00:00Z',
      endsAt: '2026-03-12T10:00:00Z',
    });
    const task = await createActivity(ctx, { kind: 'task', summary: 'Aufgabe aus dem CRM', dueDate: '2026-03-25' });
    await task.update({ uid: 'crm-task' }, { transaction: ctx.tx });
  });
  const second = await cli('sync-run', '--account', account);
  expect(second.sides()[1]).toMatchObject({ side: 'remote', created: 2 });
  const items = await remoteItems();
  expect(items.map(pick).sort((a, b) => a.uid.localeCompare(b.uid))).toEqual([
    { kind: 'VEVENT', uid: 'crm-event' },
    { kind: 'VTODO', uid: expect.any(String) },
    { kind: 'VEVENT', uid: 'mixed-event' },
    { kind: 'VTODO', uid: 'mixed-task' },
  ]);
  expect(items.find((i) => i.kind === 'VTODO' && i.uid !== 'mixed-task')!.body).toContain(
    'SUMMARY:Aufgabe aus dem CRM',
  );
  expect((await cli('sync-run', '--account', account)).sides()).toEqual(quiet);
  expect(await rows('SELECT uid FROM events')).toHaveLength(2);
  expect(await rows('SELECT uid FROM activities')).toHaveLength(2);
});

it('takes the user’s answer to a colleague’s meeting from their Radicale copy, and sends the colleague’s change', async () => {
  const eventId = await asUser(world, rita, async (ctx) => {
    const own = await Calendar.create(
      { name: 'Rita', ownerUserId: ctx.actor.userId, teamId: null, color: null, description: null, timezone: null },
      { transaction: ctx.tx },
    );
    const ottoId = (await User.findOne({ where: { email: otto }, transaction: ctx.tx }))!.id;
    const event = await createEvent(ctx, {
      calendarId: own!.id,
      uid: 'rita-meeting',
      title: 'Planung mit Rita',
      startsAt: '2026-03-13T09:00:00Z',
      endsAt: '2026-03-13T10:00:00Z',
      attendees: [{ userId: ottoId, status: 'needs-action' }],
    });
    return event.id;
  });
  // The invitation as it reached Otto's calendar, accepted there.
  await client.put(
    `${calendar}invitation.ics`,
    meeting('rita-meeting', 'Planung mit Rita', [
      `ORGANIZER:mailto:${rita}`,
      `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${otto}`,
    ]).replace(/20260310/g, '20260313'),
  );
  const answered = await cli('sync-run', '--account', account);
  expect(answered.sides()[0]).toMatchObject({ side: 'crm', created: 0, errors: [] });
  expect(answered.code).toBe(0);
  expect(await rows(`SELECT status FROM event_attendees WHERE event_id = ${eventId}`)).toEqual([
    { status: 'accepted' },
  ]);
  expect(await rows("SELECT id FROM events WHERE uid = 'rita-meeting'")).toHaveLength(1);

  await asUser(world, rita, (ctx) => updateEvent(ctx, eventId, { location: 'Raum 4' }));
  const moved = await cli('sync-run', '--account', account);
  expect(moved.sides()[1]).toMatchObject({ side: 'remote', updated: 1 });
  const copy = (await client.get(`${calendar}invitation.ics`))!.body.replace(/\r\n[ \t]/g, '');
  expect(copy).toContain('LOCATION:Raum 4');
  expect(copy).toMatch(/ATTENDEE[^\r\n]*PARTSTAT=ACCEPTED[^\r\n]*:mailto:otto@example\.test/i);
  expect((await cli('sync-run', '--account', account)).sides()).toEqual(quiet);
});
