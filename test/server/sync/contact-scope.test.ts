import { createTestEnv, type TestEnv, type TestUserKey } from '../../support/test-env';
import { Partner } from '../../../server/src/domain/partners/model';
import { card, memoryRemote } from './support/memory-accounts';

/**
 * An address book's scope (all / mine / a tag) chosen through REST, what a partner leaving the scope does on both
 * sides, and a tripped guard confirmed through REST (server/src/sync/README.md).
 */
let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

async function connect(user: TestUserKey) {
  const { remote, url } = memoryRemote();
  const res = await env
    .as(user)
    .post('/api/v1/sync/accounts')
    .send({ provider: 'memory', serverUrl: url, username: 'u', password: 'secret-password' });
  expect(res.status).toBe(201);
  return { remote, url, id: res.body.id as number };
}

async function tag(name: string): Promise<number> {
  const res = await env.as('admin').post('/api/v1/tags').send({ name });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function partner(user: TestUserKey, name: string, extra: Record<string, unknown> = {}): Promise<number> {
  const res = await env
    .as(user)
    .post('/api/v1/partners')
    .send({ name, ...extra });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** The FN of every card on the remote, sorted. */
const names = (remote: ReturnType<typeof memoryRemote>['remote']) =>
  [...remote.items.values()].map((i) => /^FN:(.*)$/m.exec(i.body)![1].trim()).sort();

const run = async (user: TestUserKey, id: number) => {
  const res = await env.as(user).post(`/api/v1/sync/accounts/${id}/runs?wait=true`);
  expect(res.status).toBe(200);
  return res.body.collections[0];
};

describe('choosing a scope', () => {
  it('is validated precisely, is shown in the status, and cannot change in place', async () => {
    const { url, id } = await connect('own');
    const put = (collections: unknown[]) =>
      env.as('own').put(`/api/v1/sync/accounts/${id}/collections`).send({ collections });
    const book = { href: `${url}/book/`, kind: 'contacts' };
    const cases: Array<[unknown, RegExp]> = [
      [{ ...book, scope: 'friends' }, /scope/],
      [{ ...book, scope: 'tag' }, /collections\.0\.tagId: the scope "tag" needs a tag id/],
      [{ ...book, scope: 'mine', tagId: 1 }, /collections\.0\.tagId: a tag is given only with the scope "tag"/],
      [{ ...book, scope: 'tag', tagId: 999999 }, /Unknown tag id in collections\.0\.tagId/],
      [{ href: `${url}/cal/`, kind: 'events', scope: 'mine' }, /collections\.0\.scope: only an address book/],
    ];
    for (const [choice, message] of cases) {
      const res = await put([choice]);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    }
    expect((await env.as('own').get(`/api/v1/sync/accounts/${id}`)).body.collections).toEqual([]);

    const chosen = await put([{ ...book, scope: 'mine' }]);
    expect(chosen.status).toBe(200);
    expect(chosen.body.items).toEqual([
      expect.objectContaining({ kind: 'contact', scope: 'mine', tagId: null, pendingDeletions: null }),
    ]);
    // Kept as it is when not named again; another scope in place is refused.
    expect((await put([{ ...book, direction: 'to-crm' }])).body.items[0]).toMatchObject({ scope: 'mine' });
    const changed = await put([{ ...book, scope: 'all' }]);
    expect(changed.status).toBe(409);
    expect(changed.body.error.message).toMatch(/cannot change/);
  });

  it('is in the OpenAPI document with the confirmation of a tripped guard', async () => {
    const doc = (await env.anonymous().get('/api/v1/openapi.json')).body;
    expect(doc.paths).toHaveProperty(['/api/v1/sync/accounts/{id}/collections/{collectionId}/confirm-deletions']);
    expect(JSON.stringify(doc.paths['/api/v1/sync/accounts/{id}/collections'])).toMatch(/mine/);
  });
});

describe('"mine": the partners whose salesperson the owner is', () => {
  it('syncs those only; one handed to a colleague leaves the book and stays in the CRM', async () => {
    // 'all' sees every partner; the book holds only the ones whose salesperson they are.
    const { remote, url, id } = await connect('all');
    const mine = await partner('all', 'Meine Kundin');
    await partner('own', 'Ottos Kunde');
    await env
      .as('all')
      .put(`/api/v1/sync/accounts/${id}/collections`)
      .send({ collections: [{ href: `${url}/book/`, kind: 'contacts', scope: 'mine' }] });
    remote.put('/book/neu.vcf', card('mine-neu', { name: 'Vom Telefon' }));
    expect(await run('all', id)).toMatchObject({ status: 'ok', lastRun: { crm: { created: 1 } } });
    expect(names(remote)).toEqual(['Meine Kundin', 'Vom Telefon']);
    // A card made on the phone is the owner's: they are its salesperson.
    const made = await Partner.findOne({ where: { name: 'Vom Telefon' } });
    expect(made!.salespersonId).toBe(env.users.all.id);

    const handed = await env.as('all').patch(`/api/v1/partners/${mine}`).send({ salespersonId: env.users.own.id });
    expect(handed.status).toBe(200);
    expect(await run('all', id)).toMatchObject({
      status: 'ok',
      lastRun: { remote: { deleted: 1 }, crm: { deleted: 0 } },
    });
    expect(names(remote)).toEqual(['Vom Telefon']);
    expect(await Partner.findByPk(mine)).not.toBeNull();
    expect(await run('all', id)).toMatchObject({ lastRun: { remote: { created: 0, deleted: 0, updated: 0 } } });
  });
});

describe('"tag": the partners carrying a tag', () => {
  it('syncs the tagged ones; a card made remotely gets the tag; untagged, a partner leaves the book only', async () => {
    const messe = await tag('Messe 2026');
    const other = await tag('Presse');
    const { remote, url, id } = await connect('own2');
    const tagged = await partner('own2', 'Getaggt', { tagIds: [messe, other] });
    await partner('own2', 'Ohne Tag');
    await partner('own2', 'Schon Bekannt', { emails: [{ email: 'bekannt@example.test' }] });
    const chosen = await env
      .as('own2')
      .put(`/api/v1/sync/accounts/${id}/collections`)
      .send({ collections: [{ href: `${url}/book/`, kind: 'contacts', scope: 'tag', tagId: messe }] });
    expect(chosen.body.items[0]).toMatchObject({ scope: 'tag', tagId: messe });
    remote.put('/book/neu.vcf', card('tag-neu', { name: 'Vom Telefon', tags: ['Kunde'] }));
    // A card that is a partner outside the book: a match not to adopt, and never a second partner.
    remote.put(
      '/book/bekannt.vcf',
      card('tag-bekannt', { name: 'Schon Bekannt', emails: [{ email: 'bekannt@example.test', type: 'work' }] }),
    );
    expect(await run('own2', id)).toMatchObject({ status: 'ok', lastRun: { crm: { created: 1 }, review: 1 } });
    expect(await Partner.count({ where: { name: 'Schon Bekannt' } })).toBe(1);
    expect(names(remote)).toEqual(['Getaggt', 'Schon Bekannt', 'Vom Telefon']);
    // Linked by a person, the partner joins the book (gets the tag): one partner, one card.
    const [entry] = (await env.as('own2').get(`/api/v1/sync/accounts/${id}/reviews`)).body.items;
    const known = (await Partner.findOne({ where: { name: 'Schon Bekannt' } }))!;
    expect(entry.candidates).toEqual([String(known.id)]);
    const linked = await env
      .as('own2')
      .post(`/api/v1/sync/accounts/${id}/reviews/${entry.id}/resolve`)
      .send({ action: 'link', crmId: String(known.id) });
    expect(linked.status).toBe(200);
    expect(await run('own2', id)).toMatchObject({
      status: 'ok',
      lastRun: { remote: { created: 0 }, crm: { created: 0 } },
    });
    expect((await env.as('own2').get(`/api/v1/partners/${known.id}`)).body.tagIds).toEqual([messe]);
    expect(await Partner.count({ where: { name: 'Schon Bekannt' } })).toBe(1);
    expect(names(remote)).toEqual(['Getaggt', 'Schon Bekannt', 'Vom Telefon']);
    // The book is the tag: the cards do not list it, the partners carry it.
    const getaggt = [...remote.items.values()].find((i) => i.body.includes('FN:Getaggt'))!;
    expect(getaggt.body).toMatch(/CATEGORIES:Presse/);
    expect(getaggt.body).not.toMatch(/Messe/);
    const made = (await env.as('own2').get('/api/v1/partners?q=Vom%20Telefon')).body.items[0];
    expect((await env.as('own2').get(`/api/v1/partners/${made.id}`)).body.tagIds.sort()).toEqual(
      expect.arrayContaining([messe]),
    );
    // An edit on the phone keeps the partner in the book.
    const neu = remote.items.get('/book/neu.vcf')!;
    remote.put('/book/neu.vcf', neu.body.replace('FN:Vom Telefon', 'FN:Vom Telefon Neu'));
    expect(await run('own2', id)).toMatchObject({ status: 'ok', lastRun: { crm: { updated: 1 } } });
    expect((await env.as('own2').get(`/api/v1/partners/${made.id}`)).body.tagIds).toContain(messe);

    // The tag taken off: the card leaves the remote book, the partner stays in the CRM.
    await env
      .as('own2')
      .patch(`/api/v1/partners/${tagged}`)
      .send({ tagIds: [other] });
    expect(await run('own2', id)).toMatchObject({
      status: 'ok',
      lastRun: { remote: { deleted: 1 }, crm: { deleted: 0 } },
    });
    expect(names(remote)).toEqual(['Schon Bekannt', 'Vom Telefon Neu']);
    expect(await Partner.findByPk(tagged)).not.toBeNull();
    expect(await run('own2', id)).toMatchObject({ lastRun: { remote: { created: 0, deleted: 0, updated: 0 } } });

    // The tag deleted: the book does not empty itself, the collection stops and says why.
    expect((await env.as('admin').delete(`/api/v1/tags/${messe}`)).status).toBe(204);
    expect(await run('own2', id)).toMatchObject({
      status: 'failed',
      lastError: expect.stringMatching(/the tag \d+ this address book syncs with no longer exists/),
    });
    expect(names(remote)).toEqual(['Schon Bekannt', 'Vom Telefon Neu']);
  });

  it('a partner untagged while its card was edited remotely: no second partner, the edit waits', async () => {
    const vip = await tag('VIP');
    const { remote, url, id } = await connect('own2');
    const kept = await partner('own2', 'Vera Wichtig', { tagIds: [vip] });
    await env
      .as('own2')
      .put(`/api/v1/sync/accounts/${id}/collections`)
      .send({ collections: [{ href: `${url}/book/`, kind: 'contacts', scope: 'tag', tagId: vip }] });
    await run('own2', id);
    const [href, item] = [...remote.items.entries()][0];
    remote.put(href, item.body.replace(/\r\nEND:VCARD/, '\r\nNOTE:am Telefon notiert\r\nEND:VCARD'));
    await env.as('own2').patch(`/api/v1/partners/${kept}`).send({ tagIds: [] });
    const status = await run('own2', id);
    expect(status.lastError).toMatch(/left this address book while its card was edited/);
    expect(await Partner.count({ where: { name: 'Vera Wichtig' } })).toBe(1);
    expect(remote.items.has(href)).toBe(true);
    // Back in the book, the remote's edit is merged into the partner.
    await env
      .as('own2')
      .patch(`/api/v1/partners/${kept}`)
      .send({ tagIds: [vip] });
    expect(await run('own2', id)).toMatchObject({ status: 'ok' });
    expect((await Partner.findByPk(kept))!.notes).toBe('am Telefon notiert');
    expect(await Partner.count({ where: { name: 'Vera Wichtig' } })).toBe(1);
  });
});

describe('a tripped guard confirmed through REST', () => {
  it('deletes nothing until confirmed, then exactly the confirmed round; a new trip needs a new confirmation', async () => {
    const lot = await tag('Aktion');
    const { remote, url, id } = await connect('own');
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await partner('own', `Aktion ${i}`, { tagIds: [lot] }));
    const chosen = await env
      .as('own')
      .put(`/api/v1/sync/accounts/${id}/collections`)
      .send({ collections: [{ href: `${url}/book/`, kind: 'contacts', scope: 'tag', tagId: lot }] });
    const collectionId = chosen.body.items[0].id;
    await run('own', id);
    expect(remote.items.size).toBe(40);
    const confirm = (deletions: unknown) =>
      env
        .as('own')
        .post(`/api/v1/sync/accounts/${id}/collections/${collectionId}/confirm-deletions`)
        .send({ deletions });
    expect((await confirm(5)).status).toBe(409);

    // 25 partners leave the book at once: more than max(20, 10 %) → the round stops before removing any card.
    for (const partnerId of ids.slice(0, 25))
      await env.as('own').patch(`/api/v1/partners/${partnerId}`).send({ tagIds: [] });
    const tripped = await run('own', id);
    expect(tripped).toMatchObject({
      status: 'guard-tripped',
      pendingDeletions: { side: 'crm', deletions: 25 },
      lastError: expect.stringMatching(/25 deletions from the CRM exceed the limit of 20/),
    });
    expect((await run('own', id)).status).toBe('guard-tripped');
    expect(remote.items.size).toBe(40);

    expect((await confirm('25')).status).toBe(400);
    const wrong = await confirm(24);
    expect(wrong.status).toBe(409);
    expect(wrong.body.error.message).toMatch(/would delete 25 records, not 24/);
    expect(
      (
        await env
          .as('own2')
          .post(`/api/v1/sync/accounts/${id}/collections/${collectionId}/confirm-deletions`)
          .send({ deletions: 25 })
      ).status,
    ).toBe(404);
    const confirmed = await confirm(25);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ confirmed: { side: 'crm', deletions: 25 } });

    // Before the confirmed round runs, five more leave: 30 is not what was confirmed → tripped again, and the
    // confirmation is spent.
    for (const partnerId of ids.slice(25, 30))
      await env.as('own').patch(`/api/v1/partners/${partnerId}`).send({ tagIds: [] });
    expect(await run('own', id)).toMatchObject({
      status: 'guard-tripped',
      pendingDeletions: { side: 'crm', deletions: 30 },
      confirmed: { side: null, deletions: 0 },
    });
    expect(remote.items.size).toBe(40);
    expect((await run('own', id)).status).toBe('guard-tripped');

    expect((await confirm(30)).status).toBe(200);
    expect(await run('own', id)).toMatchObject({
      status: 'ok',
      pendingDeletions: null,
      confirmed: { deletions: 0 },
      lastRun: { remote: { deleted: 30 } },
    });
    expect(remote.items.size).toBe(10);
    expect(await Partner.count({ where: { id: ids } })).toBe(40);
    expect((await confirm(30)).status).toBe(409);
  });

  it('a confirmed round that fails halfway leaves the retry only what it did not delete', async () => {
    const lot = await tag('Abbruch');
    const { remote, url, id } = await connect('own');
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push(await partner('own', `Abbruch ${i}`, { tagIds: [lot] }));
    await env
      .as('own')
      .put(`/api/v1/sync/accounts/${id}/collections`)
      .send({ collections: [{ href: `${url}/book/`, kind: 'contacts', scope: 'tag', tagId: lot }] });
    const { collections } = (await env.as('own').get(`/api/v1/sync/accounts/${id}`)).body;
    const collectionId = collections[0].id;
    await run('own', id);
    const leave = (some: number[]) =>
      Promise.all(some.map((p) => env.as('own').patch(`/api/v1/partners/${p}`).send({ tagIds: [] })));
    await leave(ids.slice(0, 25));
    expect(await run('own', id)).toMatchObject({ status: 'guard-tripped', pendingDeletions: { deletions: 25 } });
    const confirm = () =>
      env
        .as('own')
        .post(`/api/v1/sync/accounts/${id}/collections/${collectionId}/confirm-deletions`)
        .send({ deletions: 25 });
    expect((await confirm()).status).toBe(200);

    // The remote answers ten DELETEs, then the connection drops.
    const remoteDelete = remote.delete.bind(remote);
    let answered = 0;
    remote.delete = (href, ifMatch) =>
      ++answered > 10 ? Promise.reject(new Error('connection reset')) : remoteDelete(href, ifMatch);
    expect(await run('own', id)).toMatchObject({ status: 'failed', confirmed: { side: 'crm', deletions: 15 } });
    expect(remote.items.size).toBe(30);
    remote.delete = remoteDelete;
    // Ten more leave before the retry: 25 deletions again, of which the confirmation covers 15 → stopped.
    await leave(ids.slice(25, 35));
    expect(await run('own', id)).toMatchObject({
      status: 'guard-tripped',
      pendingDeletions: { side: 'crm', deletions: 25 },
    });
    expect(remote.items.size).toBe(30);
    expect((await confirm()).status).toBe(200);
    expect(await run('own', id)).toMatchObject({ status: 'ok', confirmed: { deletions: 0 } });
    expect(remote.items.size).toBe(5);
  });
});

describe('a remote item whose href no link holds', () => {
  it('is reported and left alone every round (500 characters, percent-encoded); the others sync', async () => {
    const { remote, url, id } = await connect('own');
    await env
      .as('own')
      .put(`/api/v1/sync/accounts/${id}/collections`)
      .send({ collections: [{ href: `${url}/book/`, kind: 'contacts', scope: 'mine' }] });
    // 90 umlauts of a file name are 540 characters of an href (%C3%BC each).
    const long = `/book/${encodeURIComponent('ü'.repeat(90))}.vcf`;
    remote.put(long, card('lang-remote', { name: 'Ulrike Überlang' }));
    remote.put('/book/kurz.vcf', card('kurz-remote', { name: 'Kurt Kurz' }));
    for (let i = 0; i < 2; i++) {
      const status = await run('own', id);
      expect(status).toMatchObject({ status: 'ok' });
      expect(status.lastError).toContain(`${long}: its href is longer than 500 characters, not synced`);
    }
    expect(await Partner.count({ where: { name: 'Kurt Kurz' } })).toBe(1);
    expect(await Partner.count({ where: { name: 'Ulrike Überlang' } })).toBe(0);
    expect(remote.items.has(long)).toBe(true);
  });
});
