import { inUnitOfWork } from '../../../server/src/db/unit-of-work';
import { reopenActivity } from '../../../server/src/domain/activities/service';
import { Activity } from '../../../server/src/domain/activities/model';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { createTestEnv, type TestEnv } from '../../support/test-env';

/** Reopening an activity: the one domain action that CalDAV's task list and the sync both use. */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function reopen(id: number) {
  const actor = await actorForUser((await User.findByPk(env.users.own.id))!);
  return inUnitOfWork(env.sequelize, (tx) =>
    reopenActivity({ actor, sequelize: env.sequelize, tx, blobs: env.services.blobs }, id),
  );
}

it('opens a done activity again without its completion time, as a tracked change', async () => {
  const created = await env
    .as('own')
    .post('/api/v1/activities')
    .send({ kind: 'task', summary: 'Angebot', dueDate: '2026-03-20' });
  expect((await env.as('own').post(`/api/v1/activities/${created.body.id}/done`).send({})).status).toBe(200);
  const done = (await Activity.findByPk(created.body.id))!;
  expect(done.status).toBe('done');

  await reopen(done.id);
  const open = (await Activity.findByPk(done.id))!;
  expect(open).toMatchObject({ status: 'open', doneAt: null });
  expect(Number(open.revision)).toBeGreaterThan(Number(done.revision));
  await expect(reopen(done.id)).rejects.toMatchObject({ kind: 'conflict', code: 'already_open' });
});
