import { parseVCard } from '@akte/core';
import { LeaseLostError } from '@akte/sync-engine';
import { createTestEnv, type TestEnv } from '../../support/test-env';
import { Partner } from '../../../server/src/domain/partners/model';
import { createSyncRunner, runCollection, type SyncRunner } from '../../../server/src/sync/run-collection';
import { SyncCollection, SyncConflict } from '../../../server/src/sync/model';
import { card, connectMemory } from './support/memory-accounts';

/**
 * The storage port on the real database, driven by the engine's runner against the engine's in-memory remote:
 * CRM records come and go through the domain services as the account's owner, each with its link in one
 * transaction, and a worker whose lease was taken over cannot write.
 */
let env: TestEnv;
let runner: SyncRunner;

beforeAll(async () => {
  env = await createTestEnv();
  runner = createSyncRunner(env.services);
});
afterAll(() => env.close());

const partnersNamed = (name: string) => Partner.findAll({ where: { name } });

describe('contacts through the storage port', () => {
  it('adopts on first sync, pushes and pulls, merges field by field, and then writes nothing', async () => {
    const own = env.as('own');
    const known = await own
      .post('/api/v1/partners')
      .send({ name: 'Erika Muster', emails: [{ email: 'erika@example.test' }] });
    const mine = await own
      .post('/api/v1/partners')
      .send({ name: 'Nur Im CRM', phones: [{ number: '+49 30 1234567' }] });
    // A colleague's partner the owner may not see: never pushed to the owner's phone.
    await env.as('own2').post('/api/v1/partners').send({ name: 'Fremde Kundin' });
    const { remote, collection } = await connectMemory(env, 'own', 'contacts');
    remote.put(
      '/book/erika.vcf',
      card('erika-phone', { name: 'Erika Muster', emails: [{ email: 'ERIKA@example.test', type: 'work' }] }),
    );
    remote.put(
      '/book/neu.vcf',
      card('neu-1', { name: 'Neu Vom Telefon', phones: [{ number: '0171 555', type: 'mobile' }] }),
    );

    const first = await runCollection(runner, collection.id);
    expect(first).toMatchObject({ status: 'ok', errors: [] });
    expect(first!.crm.created).toBe(1);
    // Erika adopted by e-mail (another capitalization), not duplicated; the CRM-only partner went to the remote.
    expect(await partnersNamed('Erika Muster')).toHaveLength(1);
    expect(await partnersNamed('Neu Vom Telefon')).toHaveLength(1);
    const names = [...remote.items.values()].map((i) => parseVCard(i.body).fields.name).sort();
    expect(names).toEqual(['Erika Muster', 'Neu Vom Telefon', 'Nur Im CRM']);

    const quiet = await runCollection(runner, collection.id);
    expect(quiet).toMatchObject({
      crm: { created: 0, updated: 0, deleted: 0 },
      remote: { created: 0, updated: 0, deleted: 0 },
    });

    // Item 6: the CRM edits the phone while the remote edits the e-mail → both survive.
    const href = [...remote.items.keys()].find(
      (h) => parseVCard(remote.items.get(h)!.body).fields.name === 'Nur Im CRM',
    )!;
    const onPhone = parseVCard(remote.items.get(href)!.body);
    remote.put(href, card(onPhone.uid!, { ...onPhone.fields, emails: [{ email: 'neu@example.test', type: 'home' }] }));
    expect(
      (await own.patch(`/api/v1/partners/${mine.body.id}`).send({ phones: [{ number: '+49 30 7654321' }] })).status,
    ).toBe(200);
    const merged = await runCollection(runner, collection.id);
    expect(merged).toMatchObject({ status: 'ok', errors: [] });
    const crm = (await own.get(`/api/v1/partners/${mine.body.id}`)).body;
    expect(crm.emails.map((e: { email: string }) => e.email)).toEqual(['neu@example.test']);
    expect(crm.phones.map((p: { number: string }) => p.number)).toEqual(['+49 30 7654321']);
    const remoteNow = parseVCard(remote.items.get(href)!.body).fields;
    expect(remoteNow.phones.map((p) => p.number)).toEqual(['+49 30 7654321']);
    expect(remoteNow.emails.map((e) => e.email)).toEqual(['neu@example.test']);
    expect(known.status).toBe(201);

    // Item 7: the same field on both sides → the policy's winner (e-mail: the remote), the loser logged.
    const phoneCard = parseVCard(remote.items.get(href)!.body);
    remote.put(href, card(phoneCard.uid!, { ...phoneCard.fields, jobTitle: 'Remote-Titel' }));
    await own.patch(`/api/v1/partners/${mine.body.id}`).send({ jobTitle: 'CRM-Titel' });
    await runCollection(runner, collection.id);
    expect((await own.get(`/api/v1/partners/${mine.body.id}`)).body.jobTitle).toBe('Remote-Titel');
    expect(await SyncConflict.findAll({ where: { collectionId: collection.id, field: 'jobTitle' } })).toEqual([
      expect.objectContaining({ crmValue: 'CRM-Titel', remoteValue: 'Remote-Titel', winner: 'remote' }),
    ]);
    const writes = remote.writes();
    expect(await runCollection(runner, collection.id)).toMatchObject({ crm: { updated: 0 }, remote: { updated: 0 } });
    expect(remote.writes()).toBe(writes);
  });

  it('deletes on the other side only from evidence, through the domain', async () => {
    const { remote, collection } = await connectMemory(env, 'own2', 'contacts');
    for (let i = 0; i < 3; i++) remote.put(`/book/${i}.vcf`, card(`del-${i}`, { name: `Löschbar ${i}` }));
    await runCollection(runner, collection.id);
    const gone = (await partnersNamed('Löschbar 1'))[0];
    remote.remove('/book/1.vcf');
    const round = await runCollection(runner, collection.id);
    expect(round).toMatchObject({ status: 'ok', crm: { deleted: 1 } });
    expect(await Partner.findByPk(gone.id)).toBeNull();
    // The CRM deletes one (through the API: change log, access policy) → the remote copy goes.
    const other = (await partnersNamed('Löschbar 2'))[0];
    expect((await env.as('own2').delete(`/api/v1/partners/${other.id}`)).status).toBe(204);
    expect(await runCollection(runner, collection.id)).toMatchObject({ remote: { deleted: 1 } });
    const left = [...remote.items.values()].map((i) => parseVCard(i.body).fields.name).sort();
    // own2's own partner from the first test went to the remote on the first round.
    expect(left).toEqual(['Fremde Kundin', 'Löschbar 0']);
  });
});

describe('fencing', () => {
  it('refuses every write of a worker whose lease another worker took over', async () => {
    const { collection } = await connectMemory(env, 'all', 'contacts');
    const stale = await runner.storage.claimCollection('worker-a', new Date(), 1, String(collection.id));
    expect(stale).not.toBeNull();
    // The lease of 1 ms has run out: worker B claims it and gets the next fencing token.
    const other = createSyncRunner(env.services);
    const fresh = await other.storage.claimCollection(
      'worker-b',
      new Date(Date.now() + 10),
      60_000,
      String(collection.id),
    );
    expect(fresh!.fence.token).toBe(stale!.fence.token + 1);
    const before = await Partner.count();
    await expect(
      runner.storage.createCrm(
        stale!.fence,
        'stale-uid',
        { name: 'Vom alten Worker' },
        {
          collectionId: String(collection.id),
          href: '/book/stale.vcf',
          uid: 'stale-uid',
          etag: null,
          contentHash: null,
          base: null,
          state: 'synced',
          listedIn: 0,
        },
      ),
    ).rejects.toBeInstanceOf(LeaseLostError);
    await expect(runner.storage.saveCrmCursor(stale!.fence, 99)).rejects.toBeInstanceOf(LeaseLostError);
    await expect(runner.storage.finishRound(stale!.fence, { status: 'ok', lastError: null })).rejects.toBeInstanceOf(
      LeaseLostError,
    );
    expect(await Partner.count()).toBe(before);
    expect(await runner.storage.linkByHref(String(collection.id), '/book/stale.vcf')).toBeNull();
    expect((await SyncCollection.findByPk(collection.id))!.crmCursor).toBe(0);
    // While B holds it, nobody else can claim it.
    expect(
      await runner.storage.claimCollection('worker-a', new Date(Date.now() + 20), 1, String(collection.id)),
    ).toBeNull();
    await other.storage.finishRound(fresh!.fence, { status: 'ok', lastError: null });
  });
});
