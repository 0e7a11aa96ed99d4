import { createTestEnv, TestEnv } from '../../support/test-env';
import { bookPath, davRequest, etagSyncBody, syncTokenOf, vcard } from './dav-client';

/**
 * A customer reassigned to another salesperson leaves an own-records user's "Customers & contacts" book: their
 * phone must be told by the next incremental sync (as a removal), or the card would linger there forever.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

it('reports a partner that left the actor’s scope as removed', async () => {
  const href = bookPath(env, 'own', 'customers');
  const put = await davRequest(env, 'own', 'PUT', `${href}moved.vcf`, vcard('moved-1', 'Moritz Umzug'), {
    'Content-Type': 'text/vcard',
  });
  expect(put.status).toBe(201);
  const initial = await davRequest(env, 'own', 'REPORT', href, etagSyncBody(''));
  expect(initial.text).toContain(`${href}moved.vcf`);
  const token = syncTokenOf(initial.text);

  const found = await env.as('admin').get('/api/v1/partners?q=Moritz');
  const partnerId = found.body.items[0].id as number;
  const reassigned = await env
    .as('admin')
    .patch(`/api/v1/partners/${partnerId}`)
    .send({ salespersonId: env.users.own2.id });
  expect(reassigned.status).toBe(200);
  // the partner was created by `own` over DAV: take away the creator link too, so it is really someone else's now
  await env.sequelize.query('UPDATE partners SET created_by_id = :other WHERE id = :id', {
    replacements: { other: env.users.own2.id, id: partnerId },
  });

  const res = await davRequest(env, 'own', 'REPORT', href, etagSyncBody(token));
  expect(res.status).toBe(207);
  expect(res.text).toMatch(new RegExp(`<d:href>${href}moved.vcf</d:href><d:status>HTTP/1.1 404 Not Found</d:status>`));
  // and the card itself is no longer readable by `own`
  expect((await davRequest(env, 'own', 'GET', `${href}moved.vcf`)).status).toBe(404);
});

/** `own`'s incremental sync from `token`: the hrefs reported changed and those reported removed, and the next token. */
async function syncFrom(token: string) {
  const href = bookPath(env, 'own', 'customers');
  const res = await davRequest(env, 'own', 'REPORT', href, etagSyncBody(token));
  expect(res.status).toBe(207);
  const responses = [...res.text.matchAll(/<d:response>([\s\S]*?)<\/d:response>/g)].map((m) => m[1]);
  const hrefOf = (r: string) => /<d:href>([^<]+)<\/d:href>/.exec(r)![1];
  return {
    changed: responses.filter((r) => /<d:getetag>/.test(r)).map(hrefOf),
    removed: responses.filter((r) => /404 Not Found/.test(r)).map(hrefOf),
    token: syncTokenOf(res.text),
  };
}

async function ownToken(): Promise<string> {
  return syncTokenOf(
    (await davRequest(env, 'own', 'REPORT', bookPath(env, 'own', 'customers'), etagSyncBody(''))).text,
  );
}

async function partnerByAdmin(body: Record<string, unknown>): Promise<{ id: number; uid: string }> {
  const res = await env
    .as('admin')
    .post('/api/v1/partners')
    .send({ salespersonId: env.users.admin.id, ...body });
  expect(res.status).toBe(201);
  return res.body;
}

it('tells the phone when a lead makes a customer visible, and when it is reassigned away again', async () => {
  const partner = await partnerByAdmin({ name: 'Lina Leadkundin' });
  const card = `${bookPath(env, 'own', 'customers')}${partner.uid}.vcf`;
  const token = await ownToken();

  const lead = await env
    .as('admin')
    .post('/api/v1/leads')
    .send({ name: 'Anfrage Lina', partnerId: partner.id, salespersonId: env.users.own.id });
  expect(lead.status).toBe(201);
  const afterAssign = await syncFrom(token);
  expect(afterAssign.changed).toContain(card);
  expect((await davRequest(env, 'own', 'GET', card)).status).toBe(200);

  const moved = await env.as('admin').patch(`/api/v1/leads/${lead.body.id}`).send({ salespersonId: env.users.own2.id });
  expect(moved.status).toBe(200);
  const afterMove = await syncFrom(afterAssign.token);
  expect(afterMove.removed).toContain(card);
  expect((await davRequest(env, 'own', 'GET', card)).status).toBe(404);
});

it('tells the phone when a deleted lead took the customer out of view', async () => {
  const partner = await partnerByAdmin({ name: 'Dora Löschkundin' });
  const card = `${bookPath(env, 'own', 'customers')}${partner.uid}.vcf`;
  const lead = await env
    .as('admin')
    .post('/api/v1/leads')
    .send({ name: 'Anfrage Dora', partnerId: partner.id, salespersonId: env.users.own.id });
  expect(lead.status).toBe(201);
  const token = await ownToken();
  expect((await env.as('admin').delete(`/api/v1/leads/${lead.body.id}`)).status).toBe(204);
  expect((await syncFrom(token)).removed).toContain(card);
});

it('tells the phone about the contact persons of a company that was assigned to the user', async () => {
  const company = await partnerByAdmin({ name: 'Zuweisung GmbH', isCompany: true });
  const person = await partnerByAdmin({ name: 'Karl Kontakt', companyId: company.id });
  const book = bookPath(env, 'own', 'customers');
  const token = await ownToken();

  const assigned = await env
    .as('admin')
    .patch(`/api/v1/partners/${company.id}`)
    .send({ salespersonId: env.users.own.id });
  expect(assigned.status).toBe(200);
  const sync = await syncFrom(token);
  expect(sync.changed).toEqual(expect.arrayContaining([`${book}${company.uid}.vcf`, `${book}${person.uid}.vcf`]));
  expect((await davRequest(env, 'own', 'GET', `${book}${person.uid}.vcf`)).status).toBe(200);
});

it('never names a customer the user never saw: a colleague’s edits, reassignments and deletions stay out of the sync', async () => {
  const book = bookPath(env, 'own', 'customers');
  const token = await ownToken();
  // Customers only own2 ever saw: created, edited, handed from admin to own2, deleted.
  const edited = await partnerByAdmin({ name: 'Fremd Bearbeitet', salespersonId: env.users.own2.id });
  expect((await env.as('admin').patch(`/api/v1/partners/${edited.id}`).send({ name: 'Fremd Umbenannt' })).status).toBe(
    200,
  );
  const handed = await partnerByAdmin({ name: 'Fremd Übergeben' });
  expect(
    (await env.as('admin').patch(`/api/v1/partners/${handed.id}`).send({ salespersonId: env.users.own2.id })).status,
  ).toBe(200);
  const deleted = await partnerByAdmin({ name: 'Fremd Gelöscht', salespersonId: env.users.own2.id });
  expect((await env.as('admin').delete(`/api/v1/partners/${deleted.id}`)).status).toBe(204);
  // A customer own did see, then deleted: that removal is reported.
  const mine = await partnerByAdmin({ name: 'Eigen Gelöscht', salespersonId: env.users.own.id });
  const mid = await syncFrom(token);
  expect(mid.changed).toContain(`${book}${mine.uid}.vcf`);
  expect((await env.as('admin').delete(`/api/v1/partners/${mine.id}`)).status).toBe(204);

  const res = await davRequest(env, 'own', 'REPORT', book, etagSyncBody(token));
  expect(res.status).toBe(207);
  for (const hidden of [edited, handed, deleted]) expect(res.text).not.toContain(hidden.uid);
  expect((await syncFrom(mid.token)).removed).toEqual([`${book}${mine.uid}.vcf`]);
  // own2, who saw them all, is told of the deletion.
  const own2Book = bookPath(env, 'own2', 'customers');
  const own2Sync = await davRequest(env, 'own2', 'REPORT', own2Book, etagSyncBody(token));
  expect(own2Sync.text).toContain(`${own2Book}${deleted.uid}.vcf</d:href><d:status>HTTP/1.1 404 Not Found`);
});
