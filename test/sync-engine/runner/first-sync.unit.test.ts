import { SyncWorld, contact } from '../support/sync-world';

describe('runner: first sync', () => {
  it('copies each side to the other and a second round writes nothing', async () => {
    const world = new SyncWorld();
    world.storage.userCreate(
      'contact',
      contact({ name: 'Anna Berg', emails: [{ email: 'anna@berg.de', type: 'work' }] }),
    );
    world.remoteCreate('r1', contact({ name: 'Rolf Kamp', phones: [{ number: '+49 30 1234567', type: 'work' }] }));
    const first = await world.round();
    expect(first).toMatchObject({ status: 'ok', crm: { created: 1 }, remote: { created: 1 } });
    expect(world.divergence()).toEqual([]);
    const writes = world.remote.writes();
    const crmWrites = world.storage.engineWrites;
    const second = await world.round();
    expect(second).toMatchObject({ status: 'ok', crm: { created: 0, updated: 0 }, remote: { created: 0, updated: 0 } });
    expect(world.remote.writes()).toBe(writes);
    // The listing position moves (saveListing, saveCrmCursor, markListed) but no record or link is written.
    expect(world.storage.engineWrites - crmWrites).toBeLessThanOrEqual(3);
  });

  // A page's creates are committed together (create-batch.ts); the second card must still see the first one's record.
  it('two new remote cards with one e-mail on one page: one record, the other on the review list', async () => {
    const world = new SyncWorld();
    const anna = (name: string) => contact({ name, emails: [{ email: 'anna@berg.de', type: 'work' }] });
    world.remoteCreate('r1', anna('Anna Berg'));
    world.remoteCreate('r2', anna('Anna M. Berg'));
    for (let i = 0; i < 60; i++) world.remoteCreate(`x${i}`, contact({ name: `Other ${i}` }));
    const first = await world.round();
    expect(first).toMatchObject({ status: 'ok', crm: { created: 61 }, review: 1 });
    expect(
      world.crmRecords().filter((r) => r.fields.name !== undefined && String(r.fields.name).startsWith('Anna')),
    ).toHaveLength(1);
    expect(world.storage.reviews).toHaveLength(1);
  });

  // The page's UID links are read once (pull-remote.ts pageFacts); a UID met again must be asked again.
  it('one UID under two hrefs on one page: one record, the second href on the review list as a twin', async () => {
    const world = new SyncWorld();
    world.remoteCreate('same', contact({ name: 'Anna Berg' }), `${world.href}a.vcf`);
    world.remoteCreate('same', contact({ name: 'Anna Berg' }), `${world.href}b.vcf`);
    expect(await world.round()).toMatchObject({ status: 'ok', crm: { created: 1 }, review: 1 });
    expect(world.crmRecords()).toHaveLength(1);
    expect(world.storage.reviews).toMatchObject([
      { href: `${world.href}b.vcf`, reason: 'the remote holds this UID twice' },
    ]);
  });

  // A page's items are fetched and applied in chunks of 100 (fetch-ahead.ts): the twin in a later chunk still is one.
  it('one UID under two hrefs in two fetched chunks of one page: one record, the second href for review', async () => {
    const world = new SyncWorld({ remote: { pageSize: 250 } });
    world.remoteCreate('same', contact({ name: 'Anna Berg' }), `${world.href}a.vcf`);
    for (let i = 0; i < 120; i++) world.remoteCreate(`x${i}`, contact({ name: `Other ${i}` }));
    world.remoteCreate('same', contact({ name: 'Anna Berg' }), `${world.href}b.vcf`);
    expect(await world.round()).toMatchObject({ status: 'ok', crm: { created: 121 }, review: 1 });
    expect(world.crmRecords().filter((r) => r.fields.name === 'Anna Berg')).toHaveLength(1);
    expect(world.storage.reviews).toMatchObject([
      { href: `${world.href}b.vcf`, reason: 'the remote holds this UID twice' },
    ]);
  });

  // Issue #11 item 13: 500 of the CRM's 1,000 contacts already on the remote, written differently.
  it('adopts instead of duplicating: 1,000 on each side, ambiguous ones on the review list', async () => {
    const world = new SyncWorld({ remote: { pageSize: 250 } });
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const name = i === 1 ? 'Jan Twin' : i === 2 ? 'Jan Twin' : `Person ${i}`;
      const phone = i === 1 || i === 2 ? '030 5550001' : `030 ${String(1000000 + i)}`;
      ids.push(
        world.storage.userCreate(
          'contact',
          contact({
            name,
            emails: i < 3 ? [] : [{ email: `person${i}@example.com`, type: 'work' }],
            phones: [{ number: phone, type: 'work' }],
          }),
        ),
      );
    }
    // The remote's copies: other UIDs, e-mail in capitals, phones in international format; the first 3 have no
    // e-mail (matched by phone + name; two CRM twins share phone and name → ambiguous).
    for (let i = 0; i < 500; i++) {
      const name = i === 1 || i === 2 ? 'jan  twin' : `person ${i}`;
      world.remoteCreate(
        `remote-${i}`,
        contact({
          name,
          emails: i < 3 ? [] : [{ email: `Person${i}@EXAMPLE.com`, type: 'work' }],
          phones: [{ number: i === 1 || i === 2 ? '+49 (0)30 555 0001' : `+49 30 ${1000000 + i}`, type: 'cell' }],
        }),
      );
    }
    const report = await world.round();
    expect(report?.status).toBe('ok');
    // Remote copies 1 and 2 each match both twins: review, no create; the twins are held back from the remote.
    expect(world.storage.reviews.map((r) => r.href).sort()).toEqual([
      '/dav/alice/book/remote-1.vcf',
      '/dav/alice/book/remote-2.vcf',
    ]);
    expect(world.storage.reviews[0].candidates.sort()).toEqual([ids[1], ids[2]].sort());
    expect(report?.crm.created).toBe(0);
    expect(world.crmRecords()).toHaveLength(1000);
    // 498 adopted + the 500 CRM-only contacts created remotely; the twins wait for the review.
    expect(report?.remote.created).toBe(500);
    expect(world.remote.items.size).toBe(1000);
    const linkedCrm = new Set(world.storage.links.map((l) => l.crmId));
    expect(linkedCrm.size).toBe(world.storage.links.length);
    expect(world.storage.links).toHaveLength(998);
    const again = await world.round();
    expect(again).toMatchObject({ crm: { created: 0, updated: 0 }, remote: { created: 0, updated: 0 } });
  });
});
