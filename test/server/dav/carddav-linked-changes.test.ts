import { createTestEnv, TestEnv } from '../../support/test-env';
import { bookPath, davRequest, etagSyncBody, syncTokenOf } from './dav-client';

/**
 * A card shows more than its partner's own row: ORG is the company's name and CATEGORIES the tags' names. When those
 * change, the card's content changes, so its ETag must change too (RFC 6352 §6.3.2) and the next sync must report
 * it — otherwise a phone keeps the old company name forever.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

async function card(href: string) {
  const res = await davRequest(env, 'own', 'GET', href);
  expect(res.status).toBe(200);
  return { etag: res.headers.etag as string, text: res.text };
}

async function syncToken(book: string): Promise<string> {
  return syncTokenOf((await davRequest(env, 'own', 'REPORT', book, etagSyncBody(''))).text);
}

async function changedSince(book: string, token: string): Promise<string> {
  const res = await davRequest(env, 'own', 'REPORT', book, etagSyncBody(token));
  expect(res.status).toBe(207);
  return res.text;
}

it('gives a contact person’s card a new ETag and ORG when the company is renamed', async () => {
  const company = await env.as('own').post('/api/v1/partners').send({ name: 'Altname GmbH', isCompany: true });
  const person = await env
    .as('own')
    .post('/api/v1/partners')
    .send({ name: 'Petra Person', companyId: company.body.id });
  expect(person.status).toBe(201);
  const book = bookPath(env, 'own', 'customers');
  const href = `${book}${person.body.uid}.vcf`;
  const before = await card(href);
  expect(before.text).toContain('ORG:Altname GmbH');
  const token = await syncToken(book);

  expect((await env.as('own').patch(`/api/v1/partners/${company.body.id}`).send({ name: 'Neuname AG' })).status).toBe(
    200,
  );
  const after = await card(href);
  expect(after.text).toContain('ORG:Neuname AG');
  expect(after.etag).not.toBe(before.etag);
  expect(await changedSince(book, token)).toContain(`<d:href>${href}</d:href>`);
});

it('gives a tagged partner’s card a new ETag and CATEGORIES when the tag is renamed or deleted', async () => {
  const tag = await env.as('own').post('/api/v1/tags').send({ name: 'Messe2026' });
  expect(tag.status).toBe(201);
  const partner = await env
    .as('own')
    .post('/api/v1/partners')
    .send({ name: 'Tanja Tag', tagIds: [tag.body.id] });
  expect(partner.status).toBe(201);
  const book = bookPath(env, 'own', 'customers');
  const href = `${book}${partner.body.uid}.vcf`;
  const before = await card(href);
  expect(before.text).toContain('CATEGORIES:Messe2026');

  expect((await env.as('own').patch(`/api/v1/tags/${tag.body.id}`).send({ name: 'Messe2027' })).status).toBe(200);
  const renamed = await card(href);
  expect(renamed.text).toContain('CATEGORIES:Messe2027');
  expect(renamed.etag).not.toBe(before.etag);

  const token = await syncToken(book);
  expect((await env.as('own').delete(`/api/v1/tags/${tag.body.id}`)).status).toBe(204);
  const untagged = await card(href);
  expect(untagged.text).not.toContain('CATEGORIES');
  expect(untagged.etag).not.toBe(renamed.etag);
  expect(await changedSince(book, token)).toContain(`<d:href>${href}</d:href>`);
});
