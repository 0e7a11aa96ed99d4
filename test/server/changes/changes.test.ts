import { createTestEnv, TestEnv } from '../../support/test-env';
import { pruneTombstones } from '../../../server/src/domain/changes/service';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

interface Page {
  changes: Array<{ revision: number; entity: string; entityId: number; uid: string | null; deleted: boolean }>;
  nextRevision: number;
  truncated: boolean;
}
const feed = async (who: 'own' | 'own2' | 'all', query: string): Promise<Page> => {
  const res = await env.as(who).get(`/api/v1/changes?${query}`);
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Page;
};
const newTask = async (who: 'own' | 'own2', summary: string) =>
  (await env.as(who).post('/api/v1/activities').send({ kind: 'task', summary })).body as {
    id: number;
    uid: string;
    revision: number;
  };

describe('GET /changes', () => {
  it('returns exactly the changes after a revision: upserts, updates and tombstones', async () => {
    const start = await feed('all', 'collection=activities');
    expect(start).toEqual({ changes: [], nextRevision: start.nextRevision, truncated: false });

    const a1 = await newTask('own', 'first');
    const r1 = await feed('all', `collection=activities&since=${start.nextRevision}`);
    expect(r1.changes).toEqual([
      { revision: expect.any(Number), entity: 'activity', entityId: a1.id, uid: a1.uid, deleted: false },
    ]);
    expect(r1.changes[0].revision).toBeGreaterThan(start.nextRevision);
    expect(r1.nextRevision).toBeGreaterThanOrEqual(r1.changes[0].revision);

    const a2 = await newTask('own', 'second');
    await env.as('own').patch(`/api/v1/activities/${a1.id}`).send({ summary: 'first, renamed' });
    const r2 = await feed('all', `collection=activities&since=${r1.nextRevision}`);
    expect(r2.changes.map((c) => [c.entityId, c.deleted])).toEqual([
      [a2.id, false],
      [a1.id, false],
    ]);

    await env.as('own').delete(`/api/v1/activities/${a2.id}`);
    const r3 = await feed('all', `collection=activities&since=${r2.nextRevision}`);
    expect(r3.changes).toEqual([
      { revision: expect.any(Number), entity: 'activity', entityId: a2.id, uid: a2.uid, deleted: true },
    ]);
    expect(await feed('all', `collection=activities&since=${r3.nextRevision}`)).toEqual({
      changes: [],
      nextRevision: r3.nextRevision,
      truncated: false,
    });

    // From the start, one entry per activity: its latest state.
    const full = await feed('all', 'collection=activities&since=0');
    expect(full.changes.map((c) => [c.entityId, c.deleted])).toEqual([
      [a1.id, false],
      [a2.id, true],
    ]);

    const cut = await feed('all', 'collection=activities&since=0&limit=1');
    expect(cut.changes.map((c) => c.entityId)).toEqual([a1.id]);
    expect(cut).toMatchObject({ truncated: true, nextRevision: cut.changes[0].revision });
    const rest = await feed('all', `collection=activities&since=${cut.nextRevision}&limit=1`);
    expect(rest.changes.map((c) => c.entityId)).toEqual([a2.id]);
    expect(rest.truncated).toBe(false);
  });

  it('shows own users only their records and collections', async () => {
    const mine = await newTask('own', 'mine');
    const theirs = await newTask('own2', 'theirs');
    const own = await feed('own', 'collection=activities');
    expect(own.changes.map((c) => c.entityId)).toContain(mine.id);
    expect(own.changes.map((c) => c.entityId)).not.toContain(theirs.id);
    expect((await feed('all', 'collection=activities')).changes.map((c) => c.entityId)).toEqual(
      expect.arrayContaining([mine.id, theirs.id]),
    );
    const before = await feed('own', 'collection=activities');
    await env.as('own2').delete(`/api/v1/activities/${theirs.id}`);
    // A tombstone names a record (its UID): only readers who could see it get it.
    expect(
      (await feed('own', `collection=activities&since=${before.nextRevision}`)).changes.map((c) => c.entityId),
    ).not.toContain(theirs.id);
    expect((await feed('all', `collection=activities&since=${before.nextRevision}`)).changes).toContainEqual(
      expect.objectContaining({ entityId: theirs.id, uid: theirs.uid, deleted: true }),
    );

    expect((await feed('own', `collection=tasks:user:${env.users.own.id}`)).changes.map((c) => c.entityId)).toContain(
      mine.id,
    );
    const foreign = await env.as('own').get(`/api/v1/changes?collection=tasks:user:${env.users.own2.id}`);
    expect(foreign.status).toBe(404);
    expect((await env.as('all').get(`/api/v1/changes?collection=tasks:user:${env.users.own2.id}`)).status).toBe(200);

    const own2Cal = (await env.as('own2').get('/api/v1/calendars')).body.items[0].id;
    const teamCal = (await env.as('all').post('/api/v1/calendars').send({ name: 'Team', teamId: env.teamId })).body.id;
    // Another user's calendar, and one that does not exist: the same 404 as every out-of-scope request.
    expect((await env.as('own').get(`/api/v1/changes?collection=calendar:${own2Cal}`)).status).toBe(404);
    expect((await env.as('own').get('/api/v1/changes?collection=calendar:999999')).status).toBe(404);
    expect((await env.as('all').get('/api/v1/changes?collection=calendar:999999')).status).toBe(404);
    const event = await env
      .as('all')
      .post('/api/v1/events')
      .send({ calendarId: teamCal, title: 'Sync', startsAt: '2025-01-01T10:00:00Z', endsAt: '2025-01-01T11:00:00Z' });
    expect((await feed('own', `collection=calendar:${teamCal}`)).changes).toEqual([
      expect.objectContaining({ entity: 'event', entityId: event.body.id, uid: event.body.uid }),
    ]);
  });

  it('reports a record that left the reader’s view as deleted, and its deletion, only to readers who saw it', async () => {
    const start = await feed('own', 'collection=activities');
    // own2 assigns a task to own (own sees it), then takes it back (own no longer does), then deletes it.
    const shared = (
      await env
        .as('own2')
        .post('/api/v1/activities')
        .send({ kind: 'task', summary: 'for own, briefly', assignedUserId: env.users.own.id })
    ).body as { id: number; uid: string };
    const seen = await feed('own', `collection=activities&since=${start.nextRevision}`);
    expect(seen.changes).toEqual([expect.objectContaining({ entityId: shared.id, deleted: false })]);
    expect(
      (await env.as('own2').patch(`/api/v1/activities/${shared.id}`).send({ assignedUserId: env.users.own2.id }))
        .status,
    ).toBe(200);
    const left = await feed('own', `collection=activities&since=${seen.nextRevision}`);
    expect(left.changes).toEqual([
      { revision: expect.any(Number), entity: 'activity', entityId: shared.id, uid: shared.uid, deleted: true },
    ]);
    await env.as('own2').delete(`/api/v1/activities/${shared.id}`);
    const gone = await feed('own', `collection=activities&since=${left.nextRevision}`);
    expect(gone.changes).toEqual([expect.objectContaining({ entityId: shared.id, deleted: true })]);
    // What own2 does with its own tasks never reaches own, and a full sync carries no tombstones for own.
    const private2 = await newTask('own2', 'private');
    await env.as('own2').patch(`/api/v1/activities/${private2.id}`).send({ summary: 'private, renamed' });
    await env.as('own2').delete(`/api/v1/activities/${private2.id}`);
    expect((await feed('own', `collection=activities&since=${gone.nextRevision}`)).changes).toEqual([]);
    expect((await feed('own', 'collection=activities&since=0')).changes.every((c) => !c.deleted)).toBe(true);
    // The feed never sends who could see a record.
    const raw = await env.as('own').get(`/api/v1/changes?collection=activities&since=${left.nextRevision}`);
    expect(Object.keys(raw.body.changes[0]).sort()).toEqual(['deleted', 'entity', 'entityId', 'revision', 'uid']);
  });

  it('rejects bad parameters', async () => {
    for (const query of [
      '',
      'collection=users',
      'collection=calendar:abc',
      'collection=activities&since=-1',
      'collection=activities&limit=0',
      'collection=activities&limit=1001',
      'collection=activities&x=1',
    ]) {
      expect((await env.as('all').get(`/api/v1/changes?${query}`)).status).toBe(400);
    }
  });

  it('answers 410 sync_token_expired for a revision older than pruned tombstones', async () => {
    const task = await newTask('own', 'to prune');
    await env.as('own').delete(`/api/v1/activities/${task.id}`);
    const removed = await env.sequelize.transaction((tx) =>
      pruneTombstones(env.sequelize, tx, new Date(Date.now() + 60_000)),
    );
    expect(removed).toBeGreaterThan(0);
    const res = await env.as('all').get('/api/v1/changes?collection=activities&since=1');
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('sync_token_expired');
    // A full resync (since=0) still works and no longer lists the pruned tombstones.
    const full = await feed('all', 'collection=activities&since=0');
    expect(full.changes.every((c) => !c.deleted)).toBe(true);
  });
});
