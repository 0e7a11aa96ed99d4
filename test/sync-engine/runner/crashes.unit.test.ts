import { SyncWorld, contact } from '../support/sync-world';

const anna = contact({ name: 'Anna Berg', emails: [{ email: 'anna@berg.de', type: 'work' }] });

describe('runner: crashes', () => {
  // Issue #11 item 1. The link is committed as pending before the PUT; "after" means the PUT reached the server
  // and the answer was lost with the process.
  it.each(['before', 'after'] as const)(
    'a kill %s the remote create, before the link commit: the rerun makes no duplicate',
    async (when) => {
      const world = new SyncWorld();
      world.storage.userCreate('contact', anna);
      expect(await world.round({ method: 'remote.create', nth: 1, when })).toBeNull();
      expect(world.remote.items.size).toBe(when === 'after' ? 1 : 0);
      expect(world.storage.links).toMatchObject([{ state: 'pending-create' }]);
      await world.round();
      expect(world.remote.items.size).toBe(1);
      expect(world.divergence()).toEqual([]);
      await world.round();
      expect(world.remote.items.size).toBe(1);
    },
  );

  it('a kill after the remote create answered, before the link was marked synced: no duplicate', async () => {
    const world = new SyncWorld();
    world.storage.userCreate('contact', anna);
    // saveLink #1 is the pending link, #2 marks it synced after the PUT.
    expect(await world.round({ method: 'port.saveLink', nth: 2, when: 'before' })).toBeNull();
    await world.round();
    expect(world.remote.items.size).toBe(1);
    expect(world.divergence()).toEqual([]);
  });

  it('a kill between a remote item and its CRM record: the CRM record and link are one transaction', async () => {
    const world = new SyncWorld();
    world.remoteCreate('r1', anna);
    expect(await world.round({ method: 'port.createCrmMany', nth: 1, when: 'before' })).toBeNull();
    expect(world.crmRecords()).toHaveLength(0);
    await world.round();
    await world.round();
    expect(world.crmRecords()).toHaveLength(1);
    expect(world.divergence()).toEqual([]);
  });

  // Issue #11 item 2: the page is applied, the process dies before saveListing; the replay must change nothing.
  it.each([false, true])('a kill after a page is applied, before the cursor is saved (delta %s)', async (delta) => {
    const world = new SyncWorld({ remote: { delta } });
    for (let i = 0; i < 3; i++) world.remoteCreate(`r${i}`, contact({ name: `R ${i}` }));
    await world.round();
    world.remoteUpdate(`${world.href}r0.vcf`, { notes: 'called' });
    world.remoteCreate('r3', contact({ name: 'R 3' }));
    world.remote.remove(`${world.href}r1.vcf`);
    expect(await world.round({ method: 'port.saveListing', nth: 1, when: 'before' })).toBeNull();
    expect(world.storage.collection('book').listing.page).toBeNull();
    const revisions = world.crmRecords().map((r) => r.revision);
    expect(world.crmRecords()).toHaveLength(3);
    const report = await world.round();
    expect(report).toMatchObject({ status: 'ok', crm: { created: 0, updated: 0, deleted: 0 } });
    expect(world.crmRecords().map((r) => r.revision)).toEqual(revisions);
    expect(world.crmRecords()).toHaveLength(3);
    expect(world.divergence()).toEqual([]);
  });
});

describe('runner: listings', () => {
  // Issue #11 item 3.
  it('the same item twice in one listing and again next round is applied once', async () => {
    const world = new SyncWorld({ remote: { delta: true, repeatEntries: true } });
    world.remoteCreate('r1', anna);
    const first = await world.round();
    expect(first?.crm.created).toBe(1);
    world.remoteUpdate(`${world.href}r1.vcf`, { notes: 'met at the fair' });
    const second = await world.round();
    expect(second?.crm).toEqual({ created: 0, updated: 1, deleted: 0 });
    const third = await world.round();
    expect(third?.crm).toEqual({ created: 0, updated: 0, deleted: 0 });
    expect(world.crmRecords()).toHaveLength(1);
    expect(world.divergence()).toEqual([]);
  });

  // Issue #11 item 4.
  it('an invalid sync-token rebuilds from a complete listing: no CRM deletes, no duplicates', async () => {
    const world = new SyncWorld({ remote: { delta: true, pageSize: 3 } });
    for (let i = 0; i < 7; i++) world.remoteCreate(`r${i}`, contact({ name: `R ${i}` }));
    world.storage.userCreate('contact', anna);
    await world.round();
    world.remoteUpdate(`${world.href}r2.vcf`, { notes: 'changed while the token died' });
    world.remote.invalidateCursors();
    const report = await world.round();
    expect(report).toMatchObject({ status: 'ok', crm: { created: 0, deleted: 0, updated: 1 }, remote: { created: 0 } });
    expect(world.storage.collection('book').listing.phase).toBe('incremental');
    expect(world.crmRecords()).toHaveLength(8);
    expect(world.remote.items.size).toBe(8);
    expect(world.divergence()).toEqual([]);
  });

  it('a rebuild that dies halfway deletes nothing and resumes at the saved page', async () => {
    const world = new SyncWorld({ remote: { delta: true, pageSize: 3 } });
    for (let i = 0; i < 7; i++) world.remoteCreate(`r${i}`, contact({ name: `R ${i}` }));
    await world.round();
    world.remote.invalidateCursors();
    expect(await world.round({ method: 'remote.listChanges', nth: 3, when: 'before' })).toBeNull();
    expect(world.storage.collection('book').listing).toMatchObject({ phase: 'rebuild' });
    expect(world.storage.collection('book').listing.page).not.toBeNull();
    const report = await world.round();
    expect(report).toMatchObject({ status: 'ok', crm: { deleted: 0, created: 0 } });
    expect(world.crmRecords()).toHaveLength(7);
  });
});
