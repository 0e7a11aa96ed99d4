import { QueryTypes } from 'sequelize';
import { parseCalendarObject, taskFromCalendarObject } from '@akte/core';
import { createActivity, markActivityDone } from '../../../server/src/domain/activities/service';
import { RadicaleClient } from '../../sync-engine/providers/dav/support/radicale-collections';
import { asUser, runAkte, useCliWorld } from './support/cli-world';

/**
 * Tasks end to end against a real Radicale through the operator CLI: sync-connect takes the task list beside a
 * calendar of events and tasks, a task from the remote becomes the user's activity, and an activity made and then
 * ticked off in the CRM reaches the remote list as COMPLETED.
 */
const world = useCliWorld();
const cli = (...argv: string[]) => runAkte(world, ...argv);

async function remoteTasks(client: RadicaleClient, list: string) {
  const listing = await client.request('PROPFIND', list, { depth: '1' });
  const hrefs = [...listing.text.matchAll(/<[a-z]*:?href>([^<]+\.ics)</gi)].map((m) => m[1]);
  const bodies = await Promise.all(hrefs.map((href) => client.get(href)));
  return bodies.map((b) => taskFromCalendarObject(parseCalendarObject(b!.body)));
}

it('syncs a Radicale task list with the user’s activities both ways', async () => {
  const client = new RadicaleClient(world.radicale);
  await client.makeCollection('calendar', 'calendar', ['VEVENT', 'VTODO']);
  const list = await client.makeCollection('tasks', 'calendar', ['VTODO']);
  await client.put(
    `${list}call.ics`,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//test//EN',
      'BEGIN:VTODO',
      'UID:rad-task-1',
      'DTSTAMP:20260101T000000Z',
      'SUMMARY:Rückruf aus Radicale',
      'DUE;VALUE=DATE:20260320',
      'END:VTODO',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  const email = 'tara@example.test';
  expect((await cli('create-user', '--email', email, '--name', 'Tara', '--role', 'own')).code).toBe(0);
  const connect = await cli(
    'sync-connect',
    ...['--email', email, '--provider', 'dav', '--url', world.radicale.baseUrl],
    ...['--username', world.radicale.user, '--password', world.radicale.password],
  );
  expect(connect).toMatchObject({ code: 0, err: '' });
  const account = connect.out[0];

  const first = await cli('sync-run', '--account', account);
  expect(first.err).toBe('');
  expect(first.sides()[0]).toMatchObject({ side: 'crm', created: 1, errors: [] });
  expect(first.code).toBe(0);
  const [brought] = await asUser(world, email, (ctx, sequelize) =>
    sequelize.query<{ summary: string; assigned: number }>(
      "SELECT summary, assigned_user_id AS assigned FROM activities WHERE uid = 'rad-task-1'",
      { type: QueryTypes.SELECT, transaction: ctx.tx },
    ),
  );
  expect(brought).toEqual({ summary: 'Rückruf aus Radicale', assigned: expect.any(Number) });

  const made = await asUser(world, email, (ctx) =>
    createActivity(ctx, { kind: 'task', summary: 'Angebot aus dem CRM', dueDate: '2026-03-25' }),
  );
  expect((await cli('sync-run', '--account', account)).sides()[1]).toMatchObject({ side: 'remote', created: 1 });
  await asUser(world, email, (ctx) => markActivityDone(ctx, made.id));
  const done = await cli('sync-run', '--account', account);
  expect(done.sides()[1]).toMatchObject({ side: 'remote', updated: 1 });
  expect((await remoteTasks(client, list)).map((t) => [t.summary, t.status]).sort()).toEqual([
    ['Angebot aus dem CRM', 'done'],
    ['Rückruf aus Radicale', 'open'],
  ]);
  const quiet = await cli('sync-run', '--account', account);
  expect(quiet.sides()).toEqual([
    expect.objectContaining({ side: 'crm', created: 0, updated: 0, deleted: 0 }),
    expect.objectContaining({ side: 'remote', created: 0, updated: 0, deleted: 0 }),
  ]);
});
