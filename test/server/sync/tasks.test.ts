import { parseCalendarObject, taskFromCalendarObject, type TaskData } from '@akte/core';
import { createTestEnv, type TestEnv, type TestUserKey } from '../../support/test-env';
import type { MemoryRemote } from '../../sync-engine/support/memory-remote';
import { Activity } from '../../../server/src/domain/activities/model';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { serverKeyOf } from '../../../server/src/secrets/server-key';
import { chooseCollections, connectAccount } from '../../../server/src/sync/accounts';
import type { SyncCollection } from '../../../server/src/sync/model';
import { createSyncRunner, runCollection, type SyncRunner } from '../../../server/src/sync/run-collection';
import { memoryRemote } from './support/memory-accounts';

/**
 * Task lists through the storage port: a remote VTODO becomes an activity of the account's owner, the owner's
 * activities go out (ticked off in the CRM → COMPLETED), fields merge, deletions travel both ways, and a colleague's
 * activity never leaves the CRM.
 */
let env: TestEnv;
let runner: SyncRunner;

beforeAll(async () => {
  env = await createTestEnv();
  runner = createSyncRunner(env.services);
});
afterAll(() => env.close());

/** A memory account of `user` whose one chosen collection is a task list (the memory provider's `/cal/`). */
async function connectTasks(user: TestUserKey): Promise<{ remote: MemoryRemote; collection: SyncCollection }> {
  const { calendar, url } = memoryRemote();
  const actor = await actorForUser((await User.findByPk(env.users[user].id))!);
  const account = await connectAccount(serverKeyOf(env.services.config), actor, {
    provider: 'memory',
    serverUrl: url,
    username: 'u',
    password: 'secret-password',
  });
  const [collection] = await chooseCollections(actor, account, [
    { href: `${url}/cal/`, kind: 'tasks', direction: 'two-way' },
  ]);
  return { remote: calendar, collection };
}

function todo(uid: string, summary: string, extra: string[] = [], due = 'DUE;VALUE=DATE:20260320'): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VTODO',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `SUMMARY:${summary}`,
    due,
    'STATUS:NEEDS-ACTION',
    'X-PHONE-APP-COLOR:green',
    ...extra,
    'END:VTODO',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

const remoteTasks = (remote: MemoryRemote): Map<string, TaskData & { body: string }> =>
  new Map(
    [...remote.items.values()].map((item) => {
      const task = taskFromCalendarObject(parseCalendarObject(item.body));
      return [task.uid, { ...task, body: item.body }];
    }),
  );

async function createActivity(user: TestUserKey, body: Record<string, unknown>): Promise<{ id: number; uid: string }> {
  const created = await env
    .as(user)
    .post('/api/v1/activities')
    .send({ kind: 'task', dueDate: '2026-03-25', ...body });
  expect(created.status).toBe(201);
  return created.body;
}

const quiet = { crm: { created: 0, updated: 0, deleted: 0 }, remote: { created: 0, updated: 0, deleted: 0 } };

it('brings a remote task in as the owner’s activity and the owner’s activities out — a colleague’s never', async () => {
  // 'all' may see every activity: what goes out is what is assigned to them, not what they may read.
  const { remote, collection } = await connectTasks('all');
  remote.put('/cal/phone.ics', todo('phone-task-1', 'Angebot nachfassen', [], 'DUE:20260320T140000'));
  const mine = await createActivity('all', { summary: 'Rückruf Müller', note: 'vor 12 Uhr', dueTime: '10:30' });
  const delegated = await createActivity('all', { summary: 'Für Olli', assignedUserId: env.users.own.id });
  const theirs = await createActivity('own', { summary: 'Ollis eigene Aufgabe' });
  // A remote task carrying the UID of a colleague's activity makes the owner's own task, not a takeover.
  remote.put('/cal/clash.ics', todo(theirs.uid, 'Gleiche UID'));

  expect(await runCollection(runner, collection.id)).toMatchObject({
    status: 'ok',
    errors: [],
    crm: { created: 2 },
    remote: { created: 1 },
  });
  expect(await Activity.findByPk(theirs.id)).toMatchObject({ summary: 'Ollis eigene Aufgabe' });
  const copy = await Activity.findOne({ where: { summary: 'Gleiche UID' } });
  expect(copy).toMatchObject({ assignedUserId: env.users.all.id });
  expect(copy!.uid).not.toBe(theirs.uid);
  const [brought] = await Activity.findAll({ where: { uid: 'phone-task-1' } });
  expect(brought).toMatchObject({
    kind: 'task',
    summary: 'Angebot nachfassen',
    assignedUserId: env.users.all.id,
    dueDate: '2026-03-20',
    dueTime: '14:00',
    status: 'open',
  });
  const out = remoteTasks(remote);
  expect([...out.keys()].sort()).toEqual(['phone-task-1', mine.uid, theirs.uid].sort());
  expect(out.get(theirs.uid)).toMatchObject({ summary: 'Gleiche UID' });
  expect(out.get(mine.uid)).toMatchObject({ summary: 'Rückruf Müller', note: 'vor 12 Uhr', dueTime: '10:30' });
  expect(out.has(delegated.uid)).toBe(false);

  // A quiet second round writes nothing on either side.
  const writes = remote.writes();
  expect(await runCollection(runner, collection.id)).toMatchObject(quiet);
  expect(remote.writes()).toBe(writes);

  // A colleague's activity changed afterwards still stays in the CRM.
  expect((await env.as('own').patch(`/api/v1/activities/${theirs.id}`).send({ summary: 'Neu' })).status).toBe(200);
  expect(await runCollection(runner, collection.id)).toMatchObject(quiet);
  expect(remoteTasks(remote).get(theirs.uid)).toMatchObject({ summary: 'Gleiche UID' });

  // Reassigned to a colleague, the owner's task leaves the remote.
  const handed = await env.as('all').patch(`/api/v1/activities/${mine.id}`).send({ assignedUserId: env.users.own.id });
  expect(handed.status).toBe(200);
  expect(await runCollection(runner, collection.id)).toMatchObject({ status: 'ok', remote: { deleted: 1 } });
  expect(remoteTasks(remote).has(mine.uid)).toBe(false);
  expect(await Activity.count({ where: { id: mine.id } })).toBe(1);
});

it('sends an activity done in the CRM as COMPLETED, and takes a task ticked off remotely as done', async () => {
  const { remote, collection } = await connectTasks('own');
  const crmTask = await createActivity('own', { summary: 'Vertrag schicken' });
  remote.put('/cal/tick.ics', todo('phone-tick', 'Auf dem Telefon erledigen'));
  await runCollection(runner, collection.id);

  expect((await env.as('own').post(`/api/v1/activities/${crmTask.id}/done`).send({})).status).toBe(200);
  const [href] = [...remote.items].find(([, item]) => item.body.includes(crmTask.uid))!;
  remote.put(
    '/cal/tick.ics',
    remote.items
      .get('/cal/tick.ics')!
      .body.replace('STATUS:NEEDS-ACTION', 'STATUS:COMPLETED\r\nCOMPLETED:20260315T081500Z\r\nPERCENT-COMPLETE:100'),
  );
  expect(await runCollection(runner, collection.id)).toMatchObject({
    status: 'ok',
    errors: [],
    crm: { updated: 1 },
    remote: { updated: 1 },
  });
  const sent = remote.items.get(href)!.body;
  expect(sent).toMatch(/STATUS:COMPLETED/);
  expect(sent).toMatch(/COMPLETED:\d{8}T\d{6}Z/);
  const done = await Activity.findOne({ where: { uid: 'phone-tick' } });
  expect(done).toMatchObject({ status: 'done', doneAt: new Date('2026-03-15T08:15:00Z') });
  // Both done: nothing more to write.
  expect(await runCollection(runner, collection.id)).toMatchObject(quiet);

  // Unticked on the phone: open again in the CRM (the domain's reopen), with no completion time.
  const ticked = remote.items.get('/cal/tick.ics')!.body;
  remote.put(
    '/cal/tick.ics',
    ticked
      .replace('STATUS:COMPLETED', 'STATUS:NEEDS-ACTION')
      .replace(/\r\nCOMPLETED:[^\r]*/, '')
      .replace(/\r\nPERCENT-COMPLETE:[^\r]*/, ''),
  );
  expect(await runCollection(runner, collection.id)).toMatchObject({ status: 'ok', errors: [], crm: { updated: 1 } });
  expect(await Activity.findOne({ where: { uid: 'phone-tick' } })).toMatchObject({ status: 'open', doneAt: null });
});

it('merges a CRM edit and a remote edit of different fields, keeping what the CRM does not model', async () => {
  const { remote, collection } = await connectTasks('own');
  const crmTask = await createActivity('own', { summary: 'Messe vorbereiten', note: 'Stand 4' });
  await runCollection(runner, collection.id);
  const [href, item] = [...remote.items].find(([, i]) => i.body.includes(crmTask.uid))!;

  expect(
    (await env.as('own').patch(`/api/v1/activities/${crmTask.id}`).send({ summary: 'Messe Hannover vorbereiten' }))
      .status,
  ).toBe(200);
  remote.put(
    href,
    item.body
      .replace(/DUE;VALUE=DATE:\d{8}/, 'DUE;VALUE=DATE:20260401')
      .replace('END:VTODO', 'PRIORITY:1\r\nEND:VTODO'),
  );
  expect(await runCollection(runner, collection.id)).toMatchObject({ status: 'ok', errors: [] });

  const merged = await Activity.findByPk(crmTask.id);
  expect(merged).toMatchObject({ summary: 'Messe Hannover vorbereiten', note: 'Stand 4', dueDate: '2026-04-01' });
  const body = remote.items.get(href)!.body;
  expect(taskFromCalendarObject(parseCalendarObject(body))).toMatchObject({
    summary: 'Messe Hannover vorbereiten',
    dueDate: '2026-04-01',
  });
  expect(body).toMatch(/PRIORITY:1/);
  expect(await runCollection(runner, collection.id)).toMatchObject(quiet);
});

it('deletes both ways: a task gone from the remote leaves the CRM, an activity deleted in the CRM leaves the remote', async () => {
  const { remote, collection } = await connectTasks('own2');
  remote.put('/cal/gone.ics', todo('phone-gone', 'Wird entfernt'));
  const crmTask = await createActivity('own2', { summary: 'Im CRM gelöscht' });
  await runCollection(runner, collection.id);
  expect(await Activity.count({ where: { uid: 'phone-gone' } })).toBe(1);
  expect(remoteTasks(remote).has(crmTask.uid)).toBe(true);

  remote.remove('/cal/gone.ics');
  expect((await env.as('own2').delete(`/api/v1/activities/${crmTask.id}`)).status).toBe(204);
  expect(await runCollection(runner, collection.id)).toMatchObject({
    status: 'ok',
    crm: { deleted: 1 },
    remote: { deleted: 1 },
  });
  expect(await Activity.count({ where: { uid: 'phone-gone' } })).toBe(0);
  expect(remote.items.size).toBe(0);
});
