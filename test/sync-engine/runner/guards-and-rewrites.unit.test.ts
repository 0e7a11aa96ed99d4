import { SyncWorld, contact } from '../support/sync-world';

async function worldWith(count: number, options: ConstructorParameters<typeof SyncWorld>[0] = {}) {
  const world = new SyncWorld(options);
  for (let i = 0; i < count; i++)
    world.remoteCreate(`r${String(i).padStart(3, '0')}`, contact({ name: `R ${i}`, notes: `n${i}` }));
  await world.round();
  return world;
}

describe('runner: guards', () => {
  // Issue #11 item 5.
  it('a listing missing 90 % of the items trips the guard: nothing deleted, the account shows why', async () => {
    const world = await worldWith(100, { remote: { pageSize: 30 } });
    for (const href of [...world.remote.items.keys()].slice(10)) world.remote.items.delete(href);
    const report = await world.round();
    expect(report?.status).toBe('guard-tripped');
    expect(report?.lastError).toMatch(/90 deletions from the remote collection exceed the limit of 20/);
    expect(world.storage.collection('book')).toMatchObject({ status: 'guard-tripped' });
    expect(world.crmRecords()).toHaveLength(100);
    // It stays tripped (and deletes nothing) round after round until a person confirms.
    expect((await world.round())?.status).toBe('guard-tripped');
    expect(world.crmRecords()).toHaveLength(100);
    world.storage.confirmDeletions('book', 90);
    expect(await world.round()).toMatchObject({ status: 'ok', crm: { deleted: 90 } });
    expect(world.crmRecords()).toHaveLength(10);
    // The confirmation was for those 90 only.
    expect(world.storage.collection('book').confirmedDeletions).toBe(0);
  });

  it('a remote that suddenly lists nothing trips the guard', async () => {
    const world = await worldWith(5);
    world.remote.items.clear();
    const report = await world.round();
    expect(report).toMatchObject({ status: 'guard-tripped' });
    expect(report?.lastError).toMatch(/turned up empty/);
    expect(world.crmRecords()).toHaveLength(5);
  });

  it('a delta that deletes too much trips the guard before deleting', async () => {
    const world = await worldWith(60, { remote: { delta: true, pageSize: 10 } });
    for (const href of [...world.remote.items.keys()].slice(0, 30)) world.remote.remove(href);
    const report = await world.round();
    expect(report?.status).toBe('guard-tripped');
    expect(world.crmRecords().length).toBeGreaterThanOrEqual(40);
    expect(world.crmRecords().length).toBeLessThan(60);
    // Pages before the trip are applied (20 deletions at most, the limit); the rest waits for a person.
    expect(60 - world.crmRecords().length).toBeLessThanOrEqual(20);
  });

  it('mass deletion in the CRM trips the guard too', async () => {
    const world = await worldWith(50);
    for (const record of world.crmRecords().slice(0, 25)) world.storage.userDelete(record.id);
    const report = await world.round();
    expect(report?.status).toBe('guard-tripped');
    expect(report?.lastError).toMatch(/25 deletions from the CRM exceed the limit of 20/);
    expect(world.remote.items.size).toBe(50);
  });

  it('a confirmation is for the side and the round it was given: a different trip needs its own', async () => {
    const world = await worldWith(60);
    for (const href of [...world.remote.items.keys()].slice(0, 25)) world.remote.items.delete(href);
    expect((await world.round())?.status).toBe('guard-tripped');
    expect(world.storage.lastGuard).toEqual({ side: 'remote', deletions: 25 });
    // Confirmed for the remote side: 25 CRM deletions in the same round still trip the CRM's guard.
    world.storage.confirmDeletions('book', 25, 'remote');
    for (const record of world.crmRecords().slice(-25)) world.storage.userDelete(record.id);
    const round = await world.round();
    expect(round).toMatchObject({ status: 'guard-tripped', crm: { deleted: 25 } });
    expect(world.storage.lastGuard).toEqual({ side: 'crm', deletions: 25 });
    expect(world.remote.items.size).toBe(35);
    // The tripped round spent the remote side's confirmation, and nothing confirms the CRM side's deletions.
    expect(world.storage.collection('book')).toMatchObject({ confirmedDeletions: 0, confirmedSide: null });
    expect((await world.round())?.status).toBe('guard-tripped');
    world.storage.confirmDeletions('book', 25, 'crm');
    expect(await world.round()).toMatchObject({ status: 'ok', remote: { deleted: 25 } });
    expect(world.remote.items.size).toBe(10);
  });

  it('a confirmed round that fails halfway leaves its retries only the deletions it did not make', async () => {
    const world = await worldWith(60);
    for (const record of world.crmRecords().slice(0, 25)) world.storage.userDelete(record.id);
    expect((await world.round())?.status).toBe('guard-tripped');
    world.storage.confirmDeletions('book', 25, 'crm');
    // The remote answers ten DELETEs, then the connection drops: the round fails with 10 of its 25 made.
    const remoteDelete = world.remote.delete.bind(world.remote);
    let answered = 0;
    world.remote.delete = (href, ifMatch) =>
      ++answered > 10 ? Promise.reject(new Error('connection reset')) : remoteDelete(href, ifMatch);
    expect(await world.round()).toMatchObject({ status: 'failed', remote: { deleted: 10 } });
    expect(world.storage.collection('book')).toMatchObject({ confirmedDeletions: 15, confirmedSide: 'crm' });
    world.remote.delete = remoteDelete;
    // Ten more deleted in the CRM before the retry: 25 again, but only 15 of them were confirmed.
    for (const record of world.crmRecords().slice(0, 10)) world.storage.userDelete(record.id);
    expect(await world.round()).toMatchObject({ status: 'guard-tripped', remote: { deleted: 0 } });
    expect(world.remote.items.size).toBe(50);
    // A person sees those 25 and confirms them.
    world.storage.confirmDeletions('book', 25, 'crm');
    expect(await world.round()).toMatchObject({ status: 'ok', remote: { deleted: 25 } });
    expect(world.remote.items.size).toBe(25);
  });

  it('deletions within the limit go through', async () => {
    const world = await worldWith(50);
    for (const href of [...world.remote.items.keys()].slice(0, 20)) world.remote.items.delete(href);
    expect((await world.round())?.status).toBe('ok');
    expect(world.crmRecords()).toHaveLength(30);
  });
});

describe('runner: servers that rewrite what they store', () => {
  const rewrite = (body: string, version: number) =>
    body.replace(
      /\r?\nEND:VCARD/,
      `\r\nREV:2026010${version % 10}T000000Z\r\nPRODID:-//Server ${version}//EN\r\nEND:VCARD`,
    );

  // Issue #11 item 10.
  it.each([
    ['rewrites REV/PRODID', { rewrite }],
    ['answers PUTs without an ETag', { omitEtag: true }],
    ['does both, with sync-tokens', { rewrite, omitEtag: true, delta: true }],
  ])('a server that %s causes no ping-pong', async (_name, remote) => {
    const world = new SyncWorld({ remote });
    const id = world.storage.userCreate('contact', contact({ name: 'Anna' }), 'anna');
    world.remoteCreate('r1', contact({ name: 'Rolf' }));
    await world.round();
    world.storage.userUpdate(id, { notes: 'edited in the CRM' });
    await world.round();
    expect(world.divergence()).toEqual([]);
    const writes = world.remote.writes();
    const revisions = world.crmRecords().map((r) => r.revision);
    for (let i = 0; i < 3; i++) {
      const report = await world.round();
      expect(report).toMatchObject({ crm: { created: 0, updated: 0 }, remote: { created: 0, updated: 0 } });
    }
    expect(world.remote.writes()).toBe(writes);
    expect(world.crmRecords().map((r) => r.revision)).toEqual(revisions);
  });

  it('an event server that rewrites DTSTAMP and PRODID causes no ping-pong', async () => {
    const world = new SyncWorld({
      kind: 'event',
      remote: {
        rewrite: (body, v) =>
          body
            .replace(/DTSTAMP:[^\r\n]+/, `DTSTAMP:20260301T0000${String(v % 60).padStart(2, '0')}Z`)
            .replace(/PRODID:[^\r\n]+/, `PRODID:-//Server ${v}//EN`),
      },
    });
    const event = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Phone//EN',
      'BEGIN:VEVENT',
      'UID:meet-1',
      'DTSTAMP:20260101T000000Z',
      'DTSTART:20260310T090000Z',
      'DTEND:20260310T100000Z',
      'SUMMARY:Kick-off',
      'RRULE:FREQ=WEEKLY;COUNT=4',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      'TRIGGER:-PT15M',
      'END:VALARM',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
    world.remote.put(`${world.href}meet-1.ics`, event);
    await world.round();
    const crm = world.crmByUid('meet-1')!;
    expect(crm.fields).toMatchObject({ title: 'Kick-off', rrule: 'FREQ=WEEKLY;COUNT=4' });
    world.storage.userUpdate(crm.id, { location: 'Room 4' });
    await world.round();
    const body = world.remote.items.get(`${world.href}meet-1.ics`)!.body;
    expect(body).toContain('LOCATION:Room 4');
    expect(body).toContain('TRIGGER:-PT15M');
    const writes = world.remote.writes();
    for (let i = 0; i < 2; i++) await world.round();
    expect(world.remote.writes()).toBe(writes);
    expect(world.divergence()).toEqual([]);
  });
});
