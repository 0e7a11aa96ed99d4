import { SyncWorld, contact } from '../support/sync-world';

const anna = contact({
  name: 'Anna Berg',
  emails: [{ email: 'anna@berg.de', type: 'work' }],
  phones: [{ number: '+49 30 1111111', type: 'work' }],
  tags: ['lead'],
});

/** Anna and Bob in step (two links: a remote that lists none of them would trip the empty-side guard). */
async function syncedWorld(options: ConstructorParameters<typeof SyncWorld>[0] = {}) {
  const world = new SyncWorld(options);
  const crmId = world.storage.userCreate('contact', anna, 'anna');
  world.storage.userCreate('contact', contact({ name: 'Bob' }), 'bob');
  await world.round();
  const href = world.remoteByUid('anna')!.href;
  return { world, crmId, href };
}

const elements = (fields: Record<string, unknown>, key: string) => JSON.parse(JSON.stringify(fields[key])) as string[];

describe('runner: three-way merge', () => {
  // Issue #11 item 6.
  it('the CRM edits the phone while the remote edits the e-mail: both survive on both sides', async () => {
    const { world, crmId, href } = await syncedWorld();
    world.storage.userUpdate(crmId, { phones: [JSON.stringify(['work', '+49 30 2222222'])] });
    world.remoteUpdate(href, { emails: [JSON.stringify(['work', 'anna@berg.example'])] });
    const report = await world.round();
    expect(report?.conflicts).toBe(0);
    const crm = world.crmByUid('anna')!;
    expect(elements(crm.fields, 'phones')).toEqual([JSON.stringify(['work', '+49 30 2222222'])]);
    expect(elements(crm.fields, 'emails')).toEqual([JSON.stringify(['work', 'anna@berg.example'])]);
    expect(world.divergence()).toEqual([]);
  });

  it('lists merge as sets: a tag added on each side, both kept', async () => {
    const { world, crmId, href } = await syncedWorld();
    world.storage.userUpdate(crmId, { tags: ['lead', 'fair-2026'] });
    world.remoteUpdate(href, { tags: ['lead', 'vip'] });
    await world.round();
    expect([...(world.crmByUid('anna')!.fields.tags as string[])].sort()).toEqual(['fair-2026', 'lead', 'vip']);
    expect(world.divergence()).toEqual([]);
  });

  // Issue #11 item 7. `notes` is a personal field: the remote wins by default; `name` is the CRM's.
  it('the same field edited on both sides: the policy winner, the loser logged, the next run writes nothing', async () => {
    const { world, crmId, href } = await syncedWorld();
    world.storage.userUpdate(crmId, { notes: 'CRM note', name: 'Anna Berg-Schmidt' });
    world.remoteUpdate(href, { notes: 'phone note', name: 'Anna B.' });
    const report = await world.round();
    expect(report?.conflicts).toBe(2);
    const crm = world.crmByUid('anna')!;
    expect(crm.fields).toMatchObject({ notes: 'phone note', name: 'Anna Berg-Schmidt' });
    expect(world.storage.conflicts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'notes', crm: 'CRM note', remote: 'phone note', winner: 'remote' }),
        expect.objectContaining({ field: 'name', crm: 'Anna Berg-Schmidt', remote: 'Anna B.', winner: 'crm' }),
      ]),
    );
    expect(world.divergence()).toEqual([]);
    const remoteWrites = world.remote.writes();
    const revision = crm.revision;
    const next = await world.round();
    expect(next).toMatchObject({ conflicts: 0, crm: { updated: 0 }, remote: { updated: 0 } });
    expect(world.remote.writes()).toBe(remoteWrites);
    expect(world.crmByUid('anna')!.revision).toBe(revision);
  });

  it('the policy is configurable per collection: notes won by the CRM', async () => {
    const { world, crmId, href } = await syncedWorld({ policy: { notes: 'crm' } });
    world.storage.userUpdate(crmId, { notes: 'CRM note' });
    world.remoteUpdate(href, { notes: 'phone note' });
    await world.round();
    expect(world.crmByUid('anna')!.fields.notes).toBe('CRM note');
    expect(world.remoteByUid('anna')!.fields.notes).toBe('CRM note');
  });

  // Issue #11 item 8, both ways round.
  it('deleted in the CRM, modified remotely: the record comes back with the modification', async () => {
    const { world, crmId, href } = await syncedWorld();
    world.storage.userDelete(crmId);
    world.remoteUpdate(href, { notes: 'still a customer' });
    await world.round();
    expect(world.crmRecords()).toHaveLength(2);
    expect(world.crmByUid('anna')!.fields.notes).toBe('still a customer');
    expect(world.divergence()).toEqual([]);
    await world.round();
    expect(world.crmRecords()).toHaveLength(2);
    expect(world.remote.items.size).toBe(2);
  });

  it('deleted remotely, modified in the CRM: the remote gets it back with the modification', async () => {
    const { world, crmId, href } = await syncedWorld();
    world.remote.remove(href);
    world.storage.userUpdate(crmId, { notes: 'called today' });
    await world.round();
    expect(world.remote.items.size).toBe(2);
    expect(world.remoteByUid('anna')!.fields.notes).toBe('called today');
    expect(world.divergence()).toEqual([]);
  });

  it('deleted on one side and untouched on the other: deleted on both', async () => {
    const { world, crmId } = await syncedWorld();
    world.storage.userDelete(crmId);
    await world.round();
    expect(world.remoteRecords().map((r) => r.uid)).toEqual(['bob']);
    const other = await syncedWorld();
    other.world.remote.remove(other.href);
    await other.world.round();
    expect(other.world.crmRecords().map((r) => r.uid)).toEqual(['bob']);
  });

  // Issue #11 item 9.
  it('412 on update: re-fetch, merge again, retry — the concurrent remote edit is not lost', async () => {
    const { world, crmId, href } = await syncedWorld();
    world.storage.userUpdate(crmId, { jobTitle: 'Head of Sales' });
    world.remote.beforeUpdate = () => world.remoteUpdate(href, { birthday: '1980-02-03' });
    const report = await world.round();
    expect(report?.status).toBe('ok');
    expect(world.remoteByUid('anna')!.fields).toMatchObject({ jobTitle: 'Head of Sales', birthday: '1980-02-03' });
    expect(world.crmByUid('anna')!.fields).toMatchObject({ jobTitle: 'Head of Sales', birthday: '1980-02-03' });
    expect(world.divergence()).toEqual([]);
  });

  it('keeps what the CRM does not model (X- properties, PHOTO, groups) through a CRM edit', async () => {
    const world = new SyncWorld();
    const card = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'UID:x1',
      'FN:Xaver Huber',
      'N:Huber;Xaver;;;',
      'item1.EMAIL;TYPE=INTERNET:xaver@huber.de',
      'item1.X-ABLabel:Private',
      'X-SOCIALPROFILE;TYPE=twitter:xaverhuber',
      'PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ==',
      'END:VCARD',
      '',
    ].join('\r\n');
    world.remote.put(`${world.href}x1.vcf`, card);
    await world.round();
    world.storage.userUpdate(world.crmByUid('x1')!.id, { jobTitle: 'Brewer' });
    await world.round();
    const body = world.remote.items.get(`${world.href}x1.vcf`)!.body;
    expect(body).toContain('TITLE:Brewer');
    // ical.js writes property names in capitals; the group and the label survive.
    expect(body).toMatch(/^item1\.X-ABLabel:Private\r?$/im);
    expect(body).toMatch(/^item1\.EMAIL;TYPE=INTERNET:xaver@huber\.de\r?$/im);
    expect(body).toContain('X-SOCIALPROFILE;TYPE=twitter:xaverhuber');
    expect(body).toContain('PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQ==');
  });
});
