import fc from 'fast-check';
import { fieldsOfEvents } from '../../../sync-engine/src/codecs/event-codec';
import type { Fields, RecordKind } from '../../../sync-engine/src/codecs/fields';
import { SyncWorld, contact } from '../support/sync-world';
import type { CrashPoint } from '../support/crash';

/**
 * Issue #11 item 16: random interleavings of creates, edits and deletes on both sides, sync rounds that die at
 * random calls (before or after the call took effect), on remotes with and without sync-tokens, small pages,
 * rewritten bodies and missing ETags. After the dust settles (rounds without crashes) both sides must hold the
 * same records — each once — and no edit may be lost: an element added to a list on one side (a contact's tag, an
 * event's attendee) is on the record at the end unless that side deleted the record afterwards. Three anchor records are never deleted, so the empty-side guard (which
 * waits for a person) stays out of the way; mass deletions cannot happen with this few operations.
 */
type Op =
  | { kind: 'crm-create' }
  | { kind: 'remote-create' }
  | { kind: 'crm-tag' | 'remote-tag' | 'crm-note' | 'remote-note' | 'crm-delete' | 'remote-delete'; pick: number }
  | { kind: 'sync'; crash: CrashPoint | null };

const pick = fc.nat({ max: 50 });
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
    pick,
  }),
  fc.record({
    kind: fc.constant('sync' as const),
    crash: fc.option(
      fc.record({ nth: fc.integer({ min: 1, max: 60 }), when: fc.constantFrom('before' as const, 'after' as const) }),
      { nil: null, freq: 1 },
    ),
  }),
);

const remoteOptions = fc.record({
  delta: fc.boolean(),
  pageSize: fc.integer({ min: 1, max: 6 }),
  omitEtag: fc.boolean(),
  rewrite: fc.boolean(),
});

const ANCHORS = ['anchor-1', 'anchor-2', 'anchor-3'];

type RemoteOptions = { delta: boolean; pageSize: number; omitEtag: boolean; rewrite: boolean };

/** Per kind: a new record, the list field edits add to (and the element), the scalar field notes go to. */
interface KindModel {
  record(name: string): Fields;
  list: string;
  element(n: number): string;
  note: string;
  rewrite(body: string, version: number): string;
}

const second = (v: number) => String(v % 60).padStart(2, '0');
const MODELS: Record<'contact' | 'event', KindModel> = {
  contact: {
    record: (name) => contact({ name }),
    list: 'tags',
    element: (n) => `t${n}`,
    note: 'notes',
    rewrite: (body, v) => body.replace(/\r?\nEND:VCARD/, `\r\nREV:2026-01-01T00:00:${second(v)}Z\r\nEND:VCARD`),
  },
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
    rewrite: (body, v) =>
      body
        .replace(/DTSTAMP:[^\r\n]+/g, `DTSTAMP:20260101T0000${second(v)}Z`)
        .replace(/PRODID:[^\r\n]+/, `PRODID:-//S${v}//EN`),
  },
};

async function play(kind: 'contact' | 'event', ops: Op[], options: RemoteOptions): Promise<string[]> {
  const model = MODELS[kind];
  const world = new SyncWorld({
    kind: kind as RecordKind,
    remote: {
      delta: options.delta,
      pageSize: options.pageSize,
      omitEtag: options.omitEtag,
      rewrite: options.rewrite ? model.rewrite : undefined,
    },
  });
  world.storage.userCreate(kind, model.record('Anchor 1'), ANCHORS[0]);
  world.remoteCreate(ANCHORS[1], model.record('Anchor 2'));
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
        world.remoteCreate(`r-${++counter}`, model.record(`R ${counter}`));
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
        world.remoteUpdate(record.href, { [model.list]: [...(record.fields[model.list] as string[]), tag] });
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
        if (record) world.remoteUpdate(record.href, { [model.note]: `remote note ${++counter}` });
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
        world.remote.remove(record.href);
        deletions.push({ uid: record.uid!, side: 'remote', at });
        break;
      }
      case 'sync':
        await world.round(step.crash);
        break;
    }
  }

  // Settle: rounds without crashes until one writes nothing.
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

describe('runner: convergence under random interleavings and crashes', () => {
  const runs = Number(process.env.SYNC_PROPERTY_RUNS ?? 1000);
  const seed = Number(process.env.SYNC_PROPERTY_SEED ?? 20261206);
  it.each([
    ['contact', runs],
    ['event', Math.ceil(runs / 4)],
  ] as const)(
    '%s: both sides converge to the same records, no duplicate, no lost edit (seeded, %i runs)',
    async (kind, numRuns) => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), remoteOptions, async (ops, remote) => {
          const problems = await play(kind, ops, remote);
          if (problems.length) throw new Error(problems.join('\n'));
        }),
        { seed, numRuns },
      );
    },
    120_000,
  );
});
