import { defaultMergePolicy, policyForDirection } from '../../../sync-engine/src/engine/merge-policy';
import { SyncWorld, contact } from '../support/sync-world';

/**
 * The one-way directions on the in-memory remote (the same flows against Radicale through the server:
 * test/server/sync/one-way-radicale.test.ts).
 */
describe('one-way collections', () => {
  it('the side synced from wins every field changed on both sides', () => {
    const policy = defaultMergePolicy('contact');
    expect(policyForDirection('to-crm', policy)).toEqual({ default: 'remote', fields: {} });
    expect(policyForDirection('from-crm', policy)).toEqual({ default: 'crm', fields: {} });
    expect(policyForDirection('two-way', policy)).toBe(policy);
  });

  it('to the CRM only: a CRM edit stays in the CRM and survives the remote’s next edit of another field', async () => {
    const world = new SyncWorld({ direction: 'to-crm' });
    const href = world.remoteCreate('rita', contact({ name: 'Rita Remote' }));
    await world.round();
    const [rita] = world.crmRecords();
    world.storage.userUpdate(rita.id, { name: 'Rita Im CRM' });
    expect(await world.round()).toMatchObject({ remote: { created: 0, updated: 0, deleted: 0 } });
    expect(world.remoteByUid('rita')!.fields.name).toBe('Rita Remote');
    world.remoteUpdate(href, { jobTitle: 'Einkauf' });
    expect(await world.round()).toMatchObject({ status: 'ok', crm: { updated: 1 } });
    // Without the remote's content as the base, its untouched old name read as a remote edit and won.
    expect(world.crmByUid('rita')!.fields).toMatchObject({ name: 'Rita Im CRM', jobTitle: 'Einkauf' });
    expect(world.remoteByUid('rita')!.fields.name).toBe('Rita Remote');
  });

  it('from the CRM only: a card the CRM already holds is adopted, not copied; the remote’s own stay out', async () => {
    const world = new SyncWorld({ direction: 'from-crm' });
    world.storage.userCreate(
      'contact',
      contact({ name: 'Berta', emails: [{ email: 'berta@example.test', type: 'work' }] }),
      'crm-berta',
    );
    world.remoteCreate(
      'remote-berta',
      contact({ name: 'Berta', emails: [{ email: 'berta@example.test', type: 'work' }] }),
    );
    world.remoteCreate('remote-rolf', contact({ name: 'Rolf' }));
    expect(await world.round()).toMatchObject({ status: 'ok', remote: { created: 0 }, crm: { created: 0 } });
    expect(world.remoteRecords()).toHaveLength(2);
    expect(world.crmRecords().map((r) => r.fields.name)).toEqual(['Berta']);
  });
});
