import { startRadicale, stopRadicale, type RunningRadicale } from '../../../support/radicale';
import { contact } from '../../support/sync-world';
import { DavWorld, type DavWorldOptions } from './support/dav-world';
import { RadicaleClient } from './support/radicale-collections';
import { rewritingFetch, truncatingFetch, withoutSyncTokens } from './support/proxies';
import { eventCodec } from '../../../../sync-engine/src/codecs/event-codec';

/**
 * Issue #11's fault-injection items 1–10 through the real runner, with the in-memory storage port as the CRM and a
 * real Radicale as the remote (one server for the file, a fresh collection per test). Crashes are injected at the
 * provider's and the port's calls (support/crash.ts); after a crash the next round runs with a fresh provider, as
 * a restarted worker would.
 */
let radicale: RunningRadicale;
let client: RadicaleClient;
beforeAll(async () => {
  radicale = await startRadicale();
  client = new RadicaleClient(radicale);
});
afterAll(async () => {
  await stopRadicale(radicale);
});

const world = (options: DavWorldOptions = {}) => DavWorld.create(client, options);
const anna = contact({
  name: 'Anna Berg',
  emails: [{ email: 'anna@berg.de', type: 'work' }],
  phones: [{ number: '+49 30 1111111', type: 'work' }],
});
const elements = (value: unknown) => JSON.parse(JSON.stringify(value)) as string[];

/** Anna (CRM-born) and Bob (remote-born) in step. */
async function synced(options: DavWorldOptions = {}) {
  const w = await world(options);
  const crmId = w.storage.userCreate('contact', anna, 'anna');
  await w.remoteCreate('bob', contact({ name: 'Bob Remote' }));
  expect(await w.round()).toMatchObject({ status: 'ok' });
  return { w, crmId, href: w.remoteByUid('anna')!.href };
}

describe('item 1: a kill between the remote create and the link commit', () => {
  it.each(['before', 'after'] as const)('a kill %s the PUT: the rerun makes no duplicate', async (when) => {
    const w = await world();
    w.storage.userCreate('contact', anna, 'anna');
    expect(await w.round({ method: 'remote.create', nth: 1, when })).toBeNull();
    expect(w.remoteRecords()).toHaveLength(when === 'after' ? 1 : 0);
    expect(w.storage.links).toMatchObject([{ state: 'pending-create' }]);
    await w.round();
    await w.round();
    expect(w.remoteRecords()).toHaveLength(1);
    expect(w.divergence()).toEqual([]);
  });

  it('a kill after the PUT answered, before the link was marked synced: no duplicate', async () => {
    const w = await world();
    w.storage.userCreate('contact', anna, 'anna');
    expect(await w.round({ method: 'port.saveLink', nth: 2, when: 'before' })).toBeNull();
    await w.round();
    expect(w.remoteRecords()).toHaveLength(1);
    expect(w.divergence()).toEqual([]);
  });
});

describe('item 2: a kill after a page is applied, before the cursor is saved', () => {
  it.each([
    ['sync-tokens', {}],
    ['PROPFIND listings', { fetch: withoutSyncTokens }],
  ] as const)('the replay changes nothing (%s)', async (_label, options) => {
    const w = await world(options);
    for (let i = 0; i < 3; i++) await w.remoteCreate(`r${i}`, contact({ name: `R ${i}` }));
    await w.round();
    await w.remoteUpdate(`${w.href}r0.vcf`, { notes: 'called' });
    await w.remoteCreate('r3', contact({ name: 'R 3' }));
    await client.remove(`${w.href}r1.vcf`);
    expect(await w.round({ method: 'port.saveListing', nth: 1, when: 'before' })).toBeNull();
    const revisions = w.crmRecords().map((r) => [r.uid, r.revision]);
    const report = await w.round();
    expect(report).toMatchObject({ status: 'ok', crm: { created: 0, updated: 0, deleted: 0 } });
    expect(w.crmRecords().map((r) => [r.uid, r.revision])).toEqual(revisions);
    expect(w.divergence()).toEqual([]);
  });
});

describe('item 3: the same item twice in one listing and again next round', () => {
  it('a truncated (507) sync answer repeats items in its continuation: each is applied once', async () => {
    const proxy = truncatingFetch(2);
    const w = await world({ fetch: proxy });
    await w.remoteCreate('r0', contact({ name: 'R 0' }));
    await w.round();
    for (let i = 1; i <= 5; i++) await w.remoteCreate(`r${i}`, contact({ name: `R ${i}` }));
    const report = await w.round();
    expect(proxy.truncated).toBe(1);
    expect(report).toMatchObject({ status: 'ok', crm: { created: 5, updated: 0 } });
    expect(await w.round()).toMatchObject({ crm: { created: 0, updated: 0, deleted: 0 } });
    expect(w.crmRecords()).toHaveLength(6);
    expect(w.divergence()).toEqual([]);
  });
});

describe('item 4: an invalid sync-token', () => {
  it('rebuilds from a complete listing: no CRM deletes, no duplicates, the change made meanwhile applied', async () => {
    const w = await world({ pageSize: 3 });
    for (let i = 0; i < 7; i++) await w.remoteCreate(`r${i}`, contact({ name: `R ${i}` }));
    w.storage.userCreate('contact', anna, 'anna');
    await w.round();
    await w.remoteUpdate(`${w.href}r2.vcf`, { notes: 'changed while the token died' });
    client.forgetSyncTokens(w.href);
    const report = await w.round();
    expect(report).toMatchObject({ status: 'ok', crm: { created: 0, deleted: 0, updated: 1 }, remote: { created: 0 } });
    expect(w.storage.collection('book').listing).toMatchObject({ phase: 'incremental', cursor: expect.any(String) });
    expect(w.crmRecords()).toHaveLength(8);
    expect(w.remoteRecords()).toHaveLength(8);
    expect(w.divergence()).toEqual([]);
  });
});

describe('item 5: mass deletions and an empty remote', () => {
  async function twentyFive(options: DavWorldOptions) {
    const w = await world(options);
    for (let i = 0; i < 25; i++) await w.remoteCreate(`r${i}`, contact({ name: `R ${i}` }));
    await w.round();
    expect(w.crmRecords()).toHaveLength(25);
    return w;
  }

  it('90 % of the items gone in a delta: the guard trips, nothing is deleted, the collection says why', async () => {
    const w = await twentyFive({});
    for (let i = 0; i < 23; i++) await client.remove(`${w.href}r${i}.vcf`);
    const report = await w.round();
    expect(report).toMatchObject({ status: 'guard-tripped', crm: { deleted: 0 } });
    expect(w.crmRecords()).toHaveLength(25);
    expect(w.storage.collection('book')).toMatchObject({ status: 'guard-tripped', lastError: expect.any(String) });
  });

  it('the remote suddenly empty (complete listing, no sync-tokens): the guard trips, nothing is deleted', async () => {
    const w = await twentyFive({ fetch: withoutSyncTokens });
    for (let i = 0; i < 25; i++) await client.remove(`${w.href}r${i}.vcf`);
    const report = await w.round();
    expect(report).toMatchObject({ status: 'guard-tripped', crm: { deleted: 0 } });
    expect(w.crmRecords()).toHaveLength(25);
    expect(w.storage.collection('book').lastError).toMatch(/.+/);
  });
});

describe('items 6–8: merging', () => {
  it('6: the CRM edits the phone while the remote edits the e-mail: both survive on both sides', async () => {
    const { w, crmId, href } = await synced();
    w.storage.userUpdate(crmId, { phones: [JSON.stringify(['work', '+49 30 2222222'])] });
    await w.remoteUpdate(href, { emails: [JSON.stringify(['work', 'anna@berg.example'])] });
    expect(await w.round()).toMatchObject({ status: 'ok', conflicts: 0 });
    for (const fields of [w.crmByUid('anna')!.fields, w.remoteByUid('anna')!.fields]) {
      expect(elements(fields.phones)).toEqual([JSON.stringify(['work', '+49 30 2222222'])]);
      expect(elements(fields.emails)).toEqual([JSON.stringify(['work', 'anna@berg.example'])]);
    }
    expect(w.divergence()).toEqual([]);
  });

  it('7: the same field on both sides: the policy winner, the loser logged, the next run writes nothing', async () => {
    const { w, crmId, href } = await synced();
    w.storage.userUpdate(crmId, { notes: 'CRM note', name: 'Anna Berg-Schmidt' });
    await w.remoteUpdate(href, { notes: 'phone note', name: 'Anna B.' });
    expect(await w.round()).toMatchObject({ status: 'ok', conflicts: 2 });
    expect(w.crmByUid('anna')!.fields).toMatchObject({ notes: 'phone note', name: 'Anna Berg-Schmidt' });
    expect(w.remoteByUid('anna')!.fields).toMatchObject({ notes: 'phone note', name: 'Anna Berg-Schmidt' });
    expect(w.storage.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'notes', crm: 'CRM note', remote: 'phone note', winner: 'remote' }),
        expect.objectContaining({ field: 'name', crm: 'Anna Berg-Schmidt', remote: 'Anna B.', winner: 'crm' }),
      ]),
    );
    const writes = w.writes();
    const revision = w.crmByUid('anna')!.revision;
    expect(await w.round()).toMatchObject({ conflicts: 0, crm: { updated: 0 }, remote: { updated: 0 } });
    expect(w.writes()).toBe(writes);
    expect(w.crmByUid('anna')!.revision).toBe(revision);
  });

  it('8: deleted in the CRM, modified on the remote: the record comes back with the modification', async () => {
    const { w, crmId, href } = await synced();
    w.storage.userDelete(crmId);
    await w.remoteUpdate(href, { notes: 'still a customer' });
    await w.round();
    expect(w.crmByUid('anna')?.fields.notes).toBe('still a customer');
    expect(w.remoteByUid('anna')?.fields.notes).toBe('still a customer');
    expect(w.divergence()).toEqual([]);
  });

  it('8: deleted on the remote, modified in the CRM: the record comes back with the modification', async () => {
    const { w, crmId, href } = await synced();
    await client.remove(href);
    w.storage.userUpdate(crmId, { notes: 'called today' });
    await w.round();
    expect(w.remoteByUid('anna')?.fields.notes).toBe('called today');
    expect(w.crmByUid('anna')?.fields.notes).toBe('called today');
    expect(w.divergence()).toEqual([]);
  });
});

describe('item 9: 412 on update', () => {
  it('another client writes between our fetch and our PUT: re-fetch, merge, retry — no lost update', async () => {
    const { w, crmId, href } = await synced();
    w.storage.userUpdate(crmId, { phones: [JSON.stringify(['work', '+49 30 2222222'])] });
    w.beforeNext = {
      method: 'PUT',
      run: async () => {
        const body = (await client.get(href))!.body;
        await client.put(href, body.replace(/\r\nEND:VCARD/, '\r\nNOTE:edited on the phone meanwhile\r\nEND:VCARD'));
      },
    };
    const report = await w.round();
    expect(report).toMatchObject({ status: 'ok', errors: [] });
    // Anna's create in the first round, then the PUT refused with 412 and the merged retry.
    expect(w.requests.get('PUT')).toBe(3);
    const remote = w.remoteByUid('anna')!.fields;
    expect(remote.notes).toBe('edited on the phone meanwhile');
    expect(elements(remote.phones)).toEqual([JSON.stringify(['work', '+49 30 2222222'])]);
    expect(w.crmByUid('anna')!.fields.notes).toBe('edited on the phone meanwhile');
    expect(w.divergence()).toEqual([]);
  });
});

describe('item 10: a server that rewrites what it stores', () => {
  const event = (uid: string) =>
    eventCodec().decode(
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Phone//EN',
        'BEGIN:VEVENT',
        `UID:${uid}`,
        'DTSTAMP:20260101T000000Z',
        'DTSTART:20260302T090000Z',
        'DTEND:20260302T093000Z',
        'SUMMARY:Jour fixe',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    ).fields;

  it.each([
    ['contact', false],
    ['contact', true],
    ['event', false],
    ['event', true],
  ] as const)('%s, PUT answered without ETag: %s — no ping-pong', async (kind, omitEtag) => {
    const proxy = rewritingFetch(omitEtag);
    const w = await world({ kind, fetch: proxy });
    const fields = kind === 'contact' ? anna : event('e1');
    const crmId = w.storage.userCreate(kind, fields, 'r1');
    await w.round();
    w.storage.userUpdate(crmId, kind === 'contact' ? { notes: 'edited' } : { location: 'Room 2' });
    await w.round();
    const stored = w.client.storedItems(w.href)[0].body;
    expect(stored).toMatch(kind === 'contact' ? /REV:2026-02-01/ : /PRODID:-\/\/Rewriting Server/);
    const puts = proxy.puts;
    for (let i = 0; i < 2; i++) {
      expect(await w.round()).toMatchObject({ status: 'ok', crm: { updated: 0 }, remote: { updated: 0 } });
    }
    expect(proxy.puts).toBe(puts);
    expect(w.divergence()).toEqual([]);
  });
});
