import type { Transaction } from 'sequelize';
import { createTestEnv, type TestEnv, type TestUserKey } from '../../support/test-env';
import { countStatements } from '../../support/statement-count';
import { inUnitOfWork } from '../../../server/src/db/unit-of-work';
import { placeholders, sqlOf } from '../../../server/src/db/sql';
import type { DomainContext } from '../../../server/src/domain/context';
import { ConflictError, ValidationError } from '../../../server/src/domain/errors';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { createPartners } from '../../../server/src/domain/partners/create-partners';
import { createPartner } from '../../../server/src/domain/partners/service';
import { createEvents } from '../../../server/src/domain/calendar/create-events';
import { createEvent, type EventCreateInput } from '../../../server/src/domain/calendar/events';
import { Calendar } from '../../../server/src/domain/calendar/model';
import * as links from '../../../server/src/sync/links';
import { createSyncRunner, runCollection } from '../../../server/src/sync/run-collection';
import { card, connectMemory } from './support/memory-accounts';

/**
 * A first sync creates a page of records in one unit of work through the domain's batch creates (createPartners,
 * createEvents): every rule of the single create holds for each record (references and calendars as the actor sees
 * them, one UID, a revision and a change-log row each, the viewers and the history), a refusal of one leaves nothing
 * of the batch, the statements do not grow with the batch, and a crash inside a unit of the sync leaves no record
 * without its link — the rerun creates each remote item exactly once.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const actorOf = async (key: TestUserKey) => actorForUser((await User.findByPk(env.users[key].id))!);
const asUser = async <T>(key: TestUserKey, work: (ctx: DomainContext) => Promise<T>): Promise<T> => {
  const actor = await actorOf(key);
  return inUnitOfWork(env.sequelize, (tx: Transaction) =>
    work({ actor, sequelize: env.sequelize, tx, blobs: env.services.blobs }),
  );
};
const sql = () => sqlOf(env.sequelize);
const count = async (table: string, where = '1 = 1', params: unknown[] = []) =>
  Number((await sql().all<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params))[0].n);
const written = async () => ({
  partners: await count('partners'),
  events: await count('events'),
  changes: await count('changes'),
  traces: await count('traces'),
  revision: Number((await sql().all<{ v: number }>('SELECT value AS v FROM revision_counter'))[0].v),
});

interface ChangeRow {
  id: number;
  revision: number;
  uid: string;
  seenBy: string | null;
}
const changeRows = async (collection: string, entity: string, ids: number[]) =>
  new Map(
    (
      await sql().all<ChangeRow>(
        `SELECT entity_id AS id, revision, uid, seen_by AS seenBy FROM changes
          WHERE collection = ? AND entity = ? AND entity_id IN (${placeholders(ids.length)})`,
        [collection, entity, ...ids],
      )
    ).map((r) => [Number(r.id), { ...r, revision: Number(r.revision) }]),
  );

describe('createPartners', () => {
  it('keeps the single create’s change log, viewers, history and access for every partner', async () => {
    const single = await asUser('own', (ctx) => createPartner(ctx, { name: 'Einzeln', phones: [{ number: '030 1' }] }));
    const batch = await asUser('own', (ctx) =>
      createPartners(ctx, [
        {
          input: {
            name: ' Batch Eins ',
            emails: [{ email: 'eins@batch.test' }, { email: 'eins.privat@batch.test', type: 'home' }],
            phones: [{ number: '+49 30 111' }],
          },
          uid: 'batch-uid-1',
        },
        { input: { name: 'Batch Zwei', isCompany: true } },
        { input: { name: 'Batch Drei', addresses: [{ city: 'Berlin', zip: '10115' }] }, uid: 'batch-uid-3' },
      ]),
    );
    expect(batch.map((p) => p.name)).toEqual(['Batch Eins', 'Batch Zwei', 'Batch Drei']);
    expect(batch[0].uid).toBe('batch-uid-1');
    expect(batch[1].uid).toMatch(/^[0-9a-f-]{36}$/);
    const ids = batch.map((p) => p.id);
    expect(new Set(ids).size).toBe(3);

    // One change-log row each, at the revision the partner carries, in input order after the single create's; the
    // viewers recorded as the single create records them (the own-records creator and salesperson).
    const rows = await changeRows('partners', 'partner', [single.id, ...ids]);
    const stored = await sql().all<{ id: number; revision: number }>(
      `SELECT id, revision FROM partners WHERE id IN (${placeholders(4)})`,
      [single.id, ...ids],
    );
    for (const p of stored) expect(rows.get(Number(p.id))!.revision).toBe(Number(p.revision));
    const revisions = ids.map((id) => rows.get(id)!.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(revisions[0]).toBeGreaterThan(rows.get(single.id)!.revision);
    expect(new Set(revisions).size).toBe(3);
    for (const id of ids) expect(rows.get(id)!.seenBy).toBe(rows.get(single.id)!.seenBy);
    expect(rows.get(single.id)!.seenBy).toBe(` ${env.users.own.id} `);
    expect(rows.get(ids[0])!.uid).toBe('batch-uid-1');

    // A 'create' history entry each, as for a single create.
    const traces = await sql().all<{ id: number; action: string; changes: string; userId: number }>(
      `SELECT record_id AS id, action, changes, user_id AS userId FROM traces
        WHERE record_type = 'partner' AND record_id IN (${placeholders(3)}) ORDER BY record_id`,
      ids,
    );
    expect(traces.map((t) => [Number(t.id), t.action, JSON.parse(t.changes), Number(t.userId)])).toEqual([
      [ids[0], 'create', { name: 'Batch Eins', isCompany: false }, env.users.own.id],
      [ids[1], 'create', { name: 'Batch Zwei', isCompany: true }, env.users.own.id],
      [ids[2], 'create', { name: 'Batch Drei', isCompany: false }, env.users.own.id],
    ]);

    // The contact lists as the API reads them; the access policy as for any partner of own's.
    const eins = (await env.as('own').get(`/api/v1/partners/${ids[0]}`).expect(200)).body;
    expect(eins.emails).toEqual([
      expect.objectContaining({ email: 'eins@batch.test', type: 'work' }),
      expect.objectContaining({ email: 'eins.privat@batch.test', type: 'home' }),
    ]);
    expect(eins.phones).toEqual([expect.objectContaining({ number: '+49 30 111' })]);
    const drei = (await env.as('own').get(`/api/v1/partners/${ids[2]}`).expect(200)).body;
    expect(drei.addresses).toEqual([expect.objectContaining({ city: 'Berlin', zip: '10115' })]);
    await env.as('own2').get(`/api/v1/partners/${ids[0]}`).expect(404);
  });

  it('writes nothing of a batch when one partner is refused: a company the actor cannot see, a UID taken', async () => {
    const hidden = await asUser('own2', (ctx) => createPartner(ctx, { name: 'Fremde Firma', isCompany: true }));
    await asUser('own', (ctx) => createPartner(ctx, { name: 'Vergeben' }, { uid: 'taken-uid' }));
    const before = await written();
    await expect(
      asUser('own', (ctx) =>
        createPartners(ctx, [{ input: { name: 'Gut' } }, { input: { name: 'Bei Fremden', companyId: hidden.id } }]),
      ),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      asUser('own', (ctx) =>
        createPartners(ctx, [
          { input: { name: 'Gut', emails: [{ email: 'gut@batch.test' }] } },
          { input: { name: 'Doppelt' }, uid: 'taken-uid' },
        ]),
      ),
    ).rejects.toThrow();
    expect(await written()).toEqual(before);
  });

  it('costs the same statements for 1 partner as for 50', async () => {
    const statementsFor = async (n: number) => {
      const counter = countStatements(env.dialect);
      try {
        await asUser('own', (ctx) =>
          createPartners(
            ctx,
            Array.from({ length: n }, (_, i) => ({
              input: { name: `Menge ${n}-${i}`, emails: [{ email: `menge${n}.${i}@batch.test` }] },
            })),
          ),
        );
        return counter.shapes.length;
      } finally {
        counter.restore();
      }
    };
    const one = await statementsFor(1);
    const fifty = await statementsFor(50);
    expect(one).toBeGreaterThan(5);
    // MariaDB has no INSERT … RETURNING: the ids of several new rows are read back by UID (one statement more).
    expect(fifty).toBe(one + (env.dialect === 'mariadb' ? 1 : 0));
    expect(await count('partners', "name LIKE 'Menge 50-%'")).toBe(50);
  });
});

describe('createEvents', () => {
  const at = (day: number, hour: number) => new Date(Date.UTC(2026, 2, day, hour)).toISOString();
  const personalCalendar = async (key: TestUserKey) => {
    await env.as(key).get('/api/v1/calendars').expect(200);
    return (await Calendar.findOne({ where: { ownerUserId: env.users[key].id, teamId: null } }))!.id;
  };

  it('keeps the single create’s rules: a series with its override, revisions, change log and attendees', async () => {
    const calendarId = await personalCalendar('own');
    const input = (uid: string, extra: Partial<EventCreateInput> = {}): EventCreateInput => ({
      calendarId,
      uid,
      title: uid,
      startsAt: at(2, 9),
      endsAt: at(2, 10),
      ...extra,
    });
    const events = await asUser('own', (ctx) =>
      createEvents(ctx, [
        input('serie-1', { rrule: 'FREQ=WEEKLY;COUNT=3' }),
        // The override's master comes earlier in the same batch.
        input('serie-1', {
          recurrenceId: '2026-03-09T09:00:00.000Z',
          title: 'verschoben',
          startsAt: at(9, 11),
          endsAt: at(9, 12),
        }),
        input('einzel-2', { attendees: [{ userId: env.users.own2.id, status: 'accepted' }] }),
      ]),
    );
    expect(events.map((e) => [e.uid, e.recurrenceId, e.organizerUserId])).toEqual([
      ['serie-1', '', env.users.own.id],
      ['serie-1', '2026-03-09T09:00:00.000Z', env.users.own.id],
      ['einzel-2', '', env.users.own.id],
    ]);
    const rows = await changeRows(
      `calendar:${calendarId}`,
      'event',
      events.map((e) => e.id),
    );
    const revisions = events.map((e) => rows.get(e.id)!.revision);
    expect(revisions).toEqual(events.map((e) => Number(e.revision)));
    expect(new Set(revisions).size).toBe(3);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(
      await sql().all('SELECT user_id AS userId, status FROM event_attendees WHERE event_id = ?', [events[2].id]),
    ).toEqual([{ userId: env.users.own2.id, status: 'accepted' }]);
    // The calendar holds each UID once, for a single create as for a batch.
    await expect(asUser('own', (ctx) => createEvent(ctx, input('serie-1')))).rejects.toBeInstanceOf(ConflictError);
  });

  it('writes nothing of a batch when one event is refused', async () => {
    const calendarId = await personalCalendar('own');
    const foreign = await personalCalendar('own2');
    const input = (uid: string, extra: Partial<EventCreateInput> = {}): EventCreateInput => ({
      calendarId,
      uid,
      title: uid,
      startsAt: at(3, 9),
      endsAt: at(3, 10),
      ...extra,
    });
    const before = await written();
    const refusals: Array<[EventCreateInput[], unknown]> = [
      [[input('ok-1'), input('ok-1')], ConflictError],
      [[input('ok-2'), input('ohne-master', { recurrenceId: '2026-03-10T09:00:00.000Z' })], ValidationError],
      [[input('ok-3'), input('fremd', { calendarId: foreign })], ValidationError],
      [[input('ok-4'), input('rueckwaerts', { endsAt: at(2, 9) })], ValidationError],
      [[input('ok-5'), input('unbekannt', { attendees: [{ userId: 999_999 }] })], ValidationError],
    ];
    for (const [batch, error] of refusals)
      await expect(asUser('own', (ctx) => createEvents(ctx, batch))).rejects.toBeInstanceOf(error as never);
    expect(await written()).toEqual(before);
  });
});

describe('a first sync’s creates through the storage port', () => {
  it('a crash inside a unit leaves no record without its link, and the rerun creates each card once', async () => {
    const runner = createSyncRunner(env.services);
    const { remote, collection } = await connectMemory(env, 'own2', 'contacts');
    for (let i = 0; i < 120; i++)
      remote.put(
        `/book/c${i}.vcf`,
        card(`crash-${i}`, { name: `Absturz ${i}`, emails: [{ email: `absturz${i}@batch.test`, type: 'work' }] }),
      );
    const realPutLinks = links.putLinks;
    const realPutLink = links.putLink;
    let unit = 0;
    let dead = false;
    // The process "dies" inside the second unit, after its partners were written, before their links: from there
    // on no statement of it reaches the database.
    const putLinks = jest.spyOn(links, 'putLinks').mockImplementation(async (s, l) => {
      if (++unit === 2) dead = true;
      if (dead) throw new Error('simulated crash inside the unit');
      return realPutLinks(s, l);
    });
    const putLink = jest.spyOn(links, 'putLink').mockImplementation(async (s, l) => {
      if (dead) throw new Error('simulated crash inside the unit');
      return realPutLink(s, l);
    });
    let crashed;
    try {
      crashed = await runCollection(runner, collection.id);
    } finally {
      putLinks.mockRestore();
      putLink.mockRestore();
    }
    expect(dead).toBe(true);
    expect(crashed).toMatchObject({ status: 'failed' });
    const crashPartners = "name LIKE 'Absturz %'";
    // The first unit (50) committed with its links; nothing of the second: no partner, change-log row or history
    // entry without its link.
    expect(await count('partners', crashPartners)).toBe(50);
    expect(await count('sync_links', 'collection_id = ?', [collection.id])).toBe(50);
    // Every partner of these cards has its link (crm_id is the partner id as text).
    const unlinked = async () => {
      const linked = new Set(
        (
          await sql().all<{ crmId: string }>('SELECT crm_id AS crmId FROM sync_links WHERE collection_id = ?', [
            collection.id,
          ])
        ).map((l) => String(l.crmId)),
      );
      const partners = await sql().all<{ id: number }>(`SELECT id FROM partners WHERE ${crashPartners}`);
      return partners.filter((p) => !linked.has(String(p.id))).length;
    };
    expect(await unlinked()).toBe(0);
    const ofCrash = `entity_id IN (SELECT id FROM partners WHERE ${crashPartners})`;
    expect(await count('changes', `collection = 'partners' AND ${ofCrash}`)).toBe(50);
    expect(
      await count(
        'traces',
        `record_type = 'partner' AND record_id IN (SELECT id FROM partners WHERE ${crashPartners})`,
      ),
    ).toBe(50);
    expect(await count('changes', "collection = 'partners' AND entity = 'partner' AND uid LIKE 'crash-%'")).toBe(50);

    const counter = countStatements(env.dialect);
    let rerun;
    try {
      rerun = await runCollection(runner, collection.id);
    } finally {
      counter.restore();
    }
    expect(rerun).toMatchObject({ status: 'ok', errors: [], crm: { created: 70 } });
    // A page of creates costs a few statements per card (the identity check of each card, the unit's bulk writes),
    // not the dozen a create one by one costs (12 before the batch creates).
    expect(counter.shapes.length / 70).toBeLessThan(4);
    expect(await count('partners', crashPartners)).toBe(120);
    const names = await sql().all<{ name: string; n: number }>(
      `SELECT name, COUNT(*) AS n FROM partners WHERE ${crashPartners} GROUP BY name HAVING COUNT(*) > 1`,
    );
    expect(names).toEqual([]);
    expect(await count('sync_links', 'collection_id = ?', [collection.id])).toBeGreaterThanOrEqual(120);
    expect(await unlinked()).toBe(0);
    expect(await runCollection(runner, collection.id)).toMatchObject({
      status: 'ok',
      crm: { created: 0, updated: 0 },
      remote: { created: 0, updated: 0 },
    });
  });
});
