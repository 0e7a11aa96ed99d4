import fc from 'fast-check';
import { fieldsOfEvents } from '../../../../sync-engine/src/codecs/event-codec';
import type { Fields } from '../../../../sync-engine/src/codecs/fields';
import type { FetchLike } from '../../../../sync-engine/src/providers/dav';
import { startRadicale, stopRadicale, type RunningRadicale } from '../../../support/radicale';
import type { CrashPoint } from '../../support/crash';
import { contact } from '../../support/sync-world';
import { DavWorld } from './support/dav-world';
import { hideSyncTokens, rewritingFetch } from './support/proxies';
import { RadicaleClient } from './support/radicale-collections';

/**
 * Issue #11 item 16 against a real Radicale: random interleavings of creates, edits and deletes on both sides and
 * sync rounds that die at random calls, with and without sync-tokens, small pages, a server rewriting what it
 * stores and answering PUTs without ETags. The model and the checks are those of the in-memory property test
 * (test/sync-engine/runner/convergence.unit.test.ts, 1,000 runs); every run here costs real HTTP round trips, so
 * it makes SYNC_DAV_PROPERTY_RUNS runs (default 30 contact + 10 event interleavings), seeded like the other.
 * After a crash the next round runs with a fresh provider, as a restarted worker would.
 */
type Op =
  | { kind: 'crm-create' }
  | { kind: 'remote-create' }
  | { kind: 'crm-tag' | 'remote-tag' | 'crm-note' | 'remote-note' | 'crm-delete' | 'remote-delete'; pick: number }
  | { kind: 'sync'; crash: CrashPoint | null };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.constant({ kind: 'crm-create' as const }),
  fc.constant({ kind: 'remote-create' as const }),
  fc.record({
    kind: fc.constantFrom(
      'crm-tag' as const,
      'remote-tag' as const,
      'crm-note' as const,
      'remote-note' as const,
      'crm-delete' as const,
      'remote-delete' as const,
    ),
    pick: fc.nat({ max: 50 }),
  }),
  fc.record({
    kind: fc.constant('sync' as const),
    crash: fc.option(
      fc.record({ nth: fc.integer({ min: 1, max: 40 }), when: fc.constantFrom('before' as const, 'after' as const) }),
      { nil: null, freq: 1 },
    ),
  }),
);

type RemoteOptions = { tokens: boolean; pageSize: number; omitEtag: boolean; rewrite: boolean };
const remoteOptions: fc.Arbitrary<RemoteOptions> = fc.record({
  tokens: fc.boolean(),
  pageSize: fc.integer({ min: 1, max: 6 }),
  omitEtag: fc.boolean(),
  rewrite: fc.boolean(),
});

const ANCHORS = ['anchor-1', 'anchor-2', 'anchor-3'];

interface KindModel {
  record(name: string): Fields;
  list: string;
  element(n: number): string;
  note: string;
}
const MODELS: Record<'contact' | 'event', KindModel> = {
  contact: { record: (name) => contact({ name }), list: 'tags', element: (n) => `t${n}`, note: 'notes' },
  event: {
    record: (name) =>
      fieldsOfEvents([
        {
          uid: '',
          recurrenceId: '',
          title: name,
          startsAt: new Date('2026-03-10T09:00:00Z'),
          endsAt: new Date('2026-03-10T10:00:00Z'),
          allDay: false,
          timezone: null,
          rrule: 'FREQ=WEEKLY;COUNT=3',
          rdates: [],
          exdates: [],
          location: null,
          description: null,
          organizer: null,
          attendees: [],
          privacy: 'public',
        },
      ]),
    list: 'attendees',
    element: (n) => JSON.stringify([`guest${n}@example.com`, null, 'needs-action']),
    note: 'location',
  },
};

let radicale: RunningRadicale;
let client: RadicaleClient;
beforeAll(async () => {
  radicale = await startRadicale();
  client = new RadicaleClient(radicale);
});
afterAll(async () => {
  await stopRadicale(radicale);
});

function proxyFor(options: RemoteOptions): FetchLike | undefined {
  let proxy: FetchLike = fetch;
  if (!options.tokens) proxy = hideSyncTokens(proxy);
  if (options.rewrite || options.omitEtag) proxy = rewritingFetch(options.omitEtag, proxy);
  return proxy === fetch ? undefined : proxy;
}

async function play(kind: 'contact' | 'event', ops: Op[], options: RemoteOptions): Promise<string[]> {
  const model = MODELS[kind];
  const world = await DavWorld.create(client, { kind, pageSize: options.pageSize, fetch: proxyFor(options) });
  world.storage.userCreate(kind, model.record('Anchor 1'), ANCHORS[0]);
  await world.remoteCreate(ANCHORS[1], model.record('Anchor 2'));
  world.storage.userCreate(kind, model.record('Anchor 3'), ANCHORS[2]);
  await world.round();

  let counter = 0;
  const tags: Array<{ uid: string; tag: string; side: 'crm' | 'remote'; at: number }> = [];
  const deletions: Array<{ uid: string; side: 'crm' | 'remote'; at: number }> = [];
  const choose = <T extends { uid: string | null }>(records: T[], n: number, deletable = false): T | undefined => {
    const pool = deletable ? records.filter((r) => !ANCHORS.includes(r.uid ?? '')) : records;
    return pool.length ? pool[n % pool.length] : undefined;
  };

  for (const [at, step] of ops.entries()) {
    const crm = world.crmRecords().sort((a, b) => a.id.localeCompare(b.id));
    const remote = world.remoteRecords().sort((a, b) => a.href.localeCompare(b.href));
    switch (step.kind) {
      case 'crm-create':
        world.storage.userCreate(kind, model.record(`C ${++counter}`), `c-${counter}`);
        break;
      case 'remote-create':
        await world.remoteCreate(`r-${++counter}`, model.record(`R ${counter}`));
        break;
      case 'crm-tag': {
        const record = choose(crm, step.pick);
        if (!record) break;
        const tag = model.element(++counter);
        world.storage.userUpdate(record.id, { [model.list]: [...(record.fields[model.list] as string[]), tag] });
        tags.push({ uid: record.uid!, tag, side: 'crm', at });
        break;
      }
      case 'remote-tag': {
        const record = choose(remote, step.pick);
        if (!record) break;
        const tag = model.element(++counter);
        await world.remoteUpdate(record.href, { [model.list]: [...(record.fields[model.list] as string[]), tag] });
        tags.push({ uid: record.uid!, tag, side: 'remote', at });
        break;
      }
      case 'crm-note': {
        const record = choose(crm, step.pick);
        if (record) world.storage.userUpdate(record.id, { [model.note]: `crm note ${++counter}` });
        break;
      }
      case 'remote-note': {
        const record = choose(remote, step.pick);
        if (record) await world.remoteUpdate(record.href, { [model.note]: `remote note ${++counter}` });
        break;
      }
      case 'crm-delete': {
        const record = choose(crm, step.pick, true);
        if (!record) break;
        world.storage.userDelete(record.id);
        deletions.push({ uid: record.uid!, side: 'crm', at });
        break;
      }
      case 'remote-delete': {
        const record = choose(remote, step.pick, true);
        if (!record) break;
        await client.remove(record.href);
        deletions.push({ uid: record.uid!, side: 'remote', at });
        break;
      }
      case 'sync':
        await world.round(step.crash);
        break;
    }
  }

  let settled = false;
  for (let i = 0; i < 5 && !settled; i++) {
    const report = await world.round();
    if (report?.status !== 'ok') throw new Error(`round ended ${report?.status}: ${report?.lastError}`);
    const { remote, crm } = report;
    settled = remote.created + remote.updated + remote.deleted + crm.created + crm.updated + crm.deleted === 0;
  }
  const problems = world.divergence();
  if (!settled) problems.push('still writing after 5 clean rounds');
  if (world.storage.links.some((l) => l.state !== 'synced')) problems.push('a create is still pending');
  for (const { uid, tag, side, at } of tags) {
    const record = world.crmByUid(uid);
    const deletedAfter = deletions.some((d) => d.uid === uid && d.side === side && d.at > at);
    if (record && !deletedAfter && !(record.fields[model.list] as string[]).includes(tag))
      problems.push(`lost edit: ${side} tag ${tag} on ${uid}`);
  }
  for (const uid of ANCHORS) if (!world.crmByUid(uid)) problems.push(`anchor ${uid} lost`);
  return problems;
}

describe('runner + DAV provider + Radicale: convergence under random interleavings and crashes', () => {
  const runs = Number(process.env.SYNC_DAV_PROPERTY_RUNS ?? 30);
  const seed = Number(process.env.SYNC_PROPERTY_SEED ?? 20261206);
  it.each([
    ['contact', runs],
    ['event', Math.ceil(runs / 3)],
  ] as const)(
    '%s: both sides converge, no duplicate, no lost edit (seeded, %i runs)',
    async (kind, numRuns) => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), remoteOptions, async (ops, remote) => {
          const problems = await play(kind, ops, remote);
          if (problems.length) throw new Error(problems.join('\n'));
        }),
        { seed, numRuns },
      );
    },
    300_000,
  );
});
