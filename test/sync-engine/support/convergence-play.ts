import fc from 'fast-check';
import { fieldsOfEvents } from '../../../sync-engine/src/codecs/event-codec';
import type { Fields } from '../../../sync-engine/src/codecs/fields';
import type { RoundReport } from '../../../sync-engine/src/engine/round-context';
import type { CrashPoint } from './crash';
import type { MemoryStorage } from './memory-storage';
import { contact } from './sync-world';

/**
 * Issue #11 item 16, the model both property tests play: random interleavings of creates, edits and deletes on
 * both sides and sync rounds that die at random calls (before or after the call took effect). After the dust
 * settles (rounds without crashes) both sides must hold the same records — each once — and no edit may be lost: an
 * element added to a list on one side (a contact's tag, an event's attendee) is on the record at the end unless that
 * side deleted the record afterwards. Three anchor records are never deleted, so the empty-side guard (which waits
 * for a person) stays out of the way; mass deletions cannot happen with this few operations.
 *
 * The worlds differ only in their remote: in memory (runner/convergence.unit.test.ts, 1,000 runs) or a real
 * Radicale through the DAV provider (providers/dav/convergence.test.ts, fewer runs: each costs HTTP round trips).
 */
export type Op =
  | { kind: 'crm-create' }
  | { kind: 'remote-create' }
  | { kind: 'crm-tag' | 'remote-tag' | 'crm-note' | 'remote-note' | 'crm-delete' | 'remote-delete'; pick: number }
  | { kind: 'sync'; crash: CrashPoint | null };

/** Operations; a crash strikes at one of the round's first `maxCrashCall` calls. */
export function opArbitrary(maxCrashCall: number): fc.Arbitrary<Op> {
  return fc.oneof(
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
        fc.record({
          nth: fc.integer({ min: 1, max: maxCrashCall }),
          when: fc.constantFrom('before' as const, 'after' as const),
        }),
        { nil: null, freq: 1 },
      ),
    }),
  );
}

export const ANCHORS = ['anchor-1', 'anchor-2', 'anchor-3'];

/** Per kind: a new record, the list field edits add to (and the element), the scalar field notes go to. */
export interface KindModel {
  record(name: string): Fields;
  list: string;
  element(n: number): string;
  note: string;
  /** What a server that rewrites stored bodies does to them (version: how many rewrites so far). */
  rewrite(body: string, version: number): string;
}

const second = (v: number) => String(v % 60).padStart(2, '0');

export const MODELS: Record<'contact' | 'event', KindModel> = {
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

type RemoteRecord = { href: string; uid: string | null; fields: Fields };
type CrmRecord = { id: string; uid: string | null; fields: Fields };

/** What a test world offers the play: the in-memory CRM, its remote's writes and the runner's rounds. */
export interface PlayWorld {
  readonly storage: MemoryStorage;
  remoteCreate(uid: string, fields: Fields): unknown;
  remoteUpdate(href: string, patch: Partial<Record<string, Fields[string]>>): unknown;
  remoteRemove(href: string): unknown;
  round(crash?: CrashPoint | null): Promise<RoundReport | null>;
  crmRecords(): CrmRecord[];
  remoteRecords(): RemoteRecord[];
  crmByUid(uid: string): CrmRecord | undefined;
  divergence(): string[];
}

/** Plays `ops` on a fresh world, settles it, and returns what went wrong (nothing: converged, no lost edit). */
export async function play(world: PlayWorld, kind: 'contact' | 'event', ops: Op[]): Promise<string[]> {
  const model = MODELS[kind];
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
        await world.remoteRemove(record.href);
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
