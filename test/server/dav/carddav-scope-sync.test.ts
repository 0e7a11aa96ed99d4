import { createTestEnv, TestEnv } from '../../support/test-env';
import { bookPath, davRequest, vcard } from './dav-client';

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

const NS = 'xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"';
const syncBody = (token: string) =>
  `<?xml version="1.0"?><d:sync-collection ${NS}><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`;
const tokenOf = (xml: string) => /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(xml)![1];

it('reports a partner that left the actor’s scope as removed', async () => {
  const href = bookPath(env, 'own', 'customers');
  const put = await davRequest(env, 'own', 'PUT', `${href}moved.vcf`, vcard('moved-1', 'Moritz Umzug'), {
    'Content-Type': 'text/vcard',
  });
  expect(put.status).toBe(201);
  const initial = await davRequest(env, 'own', 'REPORT', href, syncBody(''));
  expect(initial.text).toContain(`${href}moved.vcf`);
  const token = tokenOf(initial.text);

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

  const res = await davRequest(env, 'own', 'REPORT', href, syncBody(token));
  expect(res.status).toBe(207);
  expect(res.text).toMatch(new RegExp(`<d:href>${href}moved.vcf</d:href><d:status>HTTP/1.1 404 Not Found</d:status>`));
  // and the card itself is no longer readable by `own`
  expect((await davRequest(env, 'own', 'GET', `${href}moved.vcf`)).status).toBe(404);
});
