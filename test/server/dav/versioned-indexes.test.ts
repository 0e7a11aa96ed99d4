import { createTestEnv, TestEnv } from '../../support/test-env';
import { recordChange } from '../../../server/src/domain/changes/service';
import { IndexSource, VersionedIndexes } from '../../../server/src/dav/store/versioned-indexes';

/**
 * The mechanism behind the customers and calendar indexes (dav/store/versioned-indexes.ts), on a real change log:
 * concurrent first requests share one build, a later change is caught up from the entries the log names, more
 * changes than the bound mean a build anew, and switched off it keeps nothing.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const COLLECTION = 'test:versioned';

/** An index that is the list of what was read to make it, counting builds and catch-ups. */
function countingSource() {
  const calls = { builds: 0, catchUps: [] as string[][] };
  const source: IndexSource<string[]> = {
    collection: COLLECTION,
    changedColumn: 'uid',
    build: async () => {
      calls.builds += 1;
      await new Promise((resolve) => setImmediate(resolve)); // a build takes a while: others arrive meanwhile
      return ['built'];
    },
    catchUp: async (cached, changed) => {
      calls.catchUps.push([...changed].sort());
      return [...cached, ...changed];
    },
  };
  return { source, calls };
}

const change = (...uids: string[]) =>
  env.sequelize.transaction((tx) =>
    recordChange(
      env.sequelize,
      tx,
      uids.map((uid, i) => ({ collection: COLLECTION, entity: 'dav', entityId: i + 1, uid })),
    ),
  );

const indexes = (enabled: boolean) =>
  new VersionedIndexes<string[]>({ enabled, maxDelta: 3, maxSize: 1000, maxIndexes: 10, sizeOf: (i) => i.length });

it('shares one build among concurrent first requests, then catches up from the change log', async () => {
  await change('a');
  const kept = indexes(true);
  const { source, calls } = countingSource();
  const answers = await Promise.all(Array.from({ length: 6 }, () => kept.current(env.sequelize, 'k', source, true)));
  expect(calls.builds).toBe(1);
  expect(new Set(answers).size).toBe(1);

  expect(await kept.current(env.sequelize, 'k', source, true)).toBe(answers[0]);
  await change('b', 'c', 'b');
  expect(await kept.current(env.sequelize, 'k', source, false)).toEqual(['built', 'b', 'c']);
  expect(calls).toEqual({ builds: 1, catchUps: [['b', 'c']] });
});

it('builds anew when more changed than it catches up with, and drops what it cannot catch up', async () => {
  const kept = indexes(true);
  const { source, calls } = countingSource();
  await kept.current(env.sequelize, 'k', source, true);
  await change('d', 'e', 'f', 'g');
  expect(await kept.current(env.sequelize, 'k', source, true)).toEqual(['built']);
  expect(calls).toEqual({ builds: 2, catchUps: [] });

  await change('h', 'i', 'j', 'k');
  // Not allowed to build: nothing to answer from, and the stale index is gone.
  expect(await kept.current(env.sequelize, 'k', source, false)).toBeNull();
  expect(kept.stats.indexes).toBe(0);
});

it('keeps nothing when switched off (AKTE_DAV_CACHE=off)', async () => {
  const off = indexes(false);
  const { source, calls } = countingSource();
  await Promise.all([off.current(env.sequelize, 'k', source, true), off.current(env.sequelize, 'k', source, true)]);
  expect(await off.current(env.sequelize, 'k', source, false)).toBeNull();
  expect(calls.builds).toBe(2);
  expect(off.stats.indexes).toBe(0);
});
