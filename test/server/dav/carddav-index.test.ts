import { createTestEnv, TestEnv, TestUserKey } from '../../support/test-env';
import { asDomain, bookPath, davRequest, etagSyncBody, vcard } from './dav-client';
import { createPartner } from '../../../server/src/domain/partners/service';
import { pruneTombstones } from '../../../server/src/domain/changes/service';

/**
 * "Customers & contacts" answers listings and multigets from a per-process index of the book per viewer
 * (dav/carddav/customers-index.ts) and from card texts and responses kept at each card's ETag (card-bodies.ts,
 * reports/render.ts). Whatever changed in between — a CRM edit, a phone's write, a lead that moves a customer into or
 * out of view, the viewer's role, pruned tombstones — the next answer must be what a fresh evaluation gives.
 */
let env: TestEnv;
const CARDS = 55; // above INDEX_LOAD_MIN_NAMES: a multiget of all of them loads the index

beforeAll(async () => {
  env = await createTestEnv();
  for (let i = 0; i < CARDS; i++) {
    const put = await davRequest(
      env,
      'own',
      'PUT',
      `${bookPath(env, 'own', 'customers')}idx-${i}.vcf`,
      vcard(`idx-${i}`, `Index Karte ${i}`),
      {
        'Content-Type': 'text/vcard',
      },
    );
    expect(put.status).toBe(201);
  }
});
afterAll(async () => {
  await env.close();
});

const NS = 'xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"';
const ownNames = () => Array.from({ length: CARDS }, (_, i) => `idx-${i}.vcf`);

interface Answer {
  status: number;
  etag?: string;
  body?: string;
}

/** A multiget as `user` of these item names in their customers book: name → status, ETag, card. */
async function multiget(user: TestUserKey, names: string[]): Promise<Map<string, Answer>> {
  const book = bookPath(env, user, 'customers');
  const hrefs = names.map((n) => `<d:href>${book}${n}</d:href>`).join('');
  const res = await davRequest(
    env,
    user,
    'REPORT',
    book,
    `<?xml version="1.0"?><card:addressbook-multiget ${NS}><d:prop><d:getetag/><card:address-data/></d:prop>${hrefs}</card:addressbook-multiget>`,
  );
  expect(res.status).toBe(207);
  const answers = new Map<string, Answer>();
  for (const [, response] of res.text.matchAll(/<d:response>([\s\S]*?)<\/d:response>/g)) {
    const name = /<d:href>[^<]*\/([^/<]+)<\/d:href>/.exec(response)![1];
    if (/404 Not Found/.test(response) && !/<d:getetag>/.test(response)) answers.set(name, { status: 404 });
    else
      answers.set(name, {
        status: 200,
        etag: /<d:getetag>([^<]+)<\/d:getetag>/.exec(response)![1],
        body: /<card:address-data>([\s\S]*?)<\/card:address-data>/.exec(response)![1],
      });
  }
  return answers;
}

/** The item names of `user`'s initial sync (the listing). */
async function listing(user: TestUserKey): Promise<string[]> {
  const book = bookPath(env, user, 'customers');
  const res = await davRequest(env, user, 'REPORT', book, etagSyncBody(''));
  expect(res.status).toBe(207);
  return [...res.text.matchAll(/<d:href>[^<]*\/([^/<]+)<\/d:href>/g)].map((m) => decodeURIComponent(m[1]));
}

async function partnerIdOf(name: string): Promise<number> {
  const found = await env.as('admin').get(`/api/v1/partners?q=${encodeURIComponent(name)}`);
  return found.body.items[0].id as number;
}

it('serves a CRM edit made between two multigets: new text, new ETag', async () => {
  const first = await multiget('own', ownNames());
  expect([...first.values()].filter((a) => a.status === 200)).toHaveLength(CARDS);
  const id = await partnerIdOf('Index Karte 7');
  expect((await env.as('own').patch(`/api/v1/partners/${id}`).send({ jobTitle: 'Einkaufsleiterin' })).status).toBe(200);
  const second = await multiget('own', ownNames());
  expect(second.get('idx-7.vcf')!.body).toContain('TITLE:Einkaufsleiterin');
  expect(second.get('idx-7.vcf')!.etag).not.toBe(first.get('idx-7.vcf')!.etag);
  expect(second.get('idx-8.vcf')).toEqual(first.get('idx-8.vcf'));
});

it('serves a phone’s own write and delete made between two multigets', async () => {
  const book = bookPath(env, 'own', 'customers');
  await multiget('own', ownNames());
  const put = await davRequest(
    env,
    'own',
    'PUT',
    `${book}idx-3.vcf`,
    vcard('idx-3', 'Index Karte drei', ['NOTE:neu']),
    {
      'Content-Type': 'text/vcard',
    },
  );
  expect(put.status).toBe(204);
  expect((await davRequest(env, 'own', 'DELETE', `${book}idx-4.vcf`)).status).toBe(204);
  const after = await multiget('own', ownNames());
  expect(after.get('idx-3.vcf')!.body).toContain('NOTE:neu');
  expect(after.get('idx-4.vcf')!.status).toBe(404);
  expect(await listing('own')).not.toContain('idx-4.vcf');
});

it('follows a lead that moves a customer into the viewer’s book and out again', async () => {
  const partner = await env.as('admin').post('/api/v1/partners').send({ name: 'Lea Leadindex' });
  const derived = `${partner.body.uid}.vcf`;
  const names = [...ownNames(), derived];
  expect((await multiget('own', names)).get(derived)!.status).toBe(404);
  expect(await listing('own')).not.toContain(derived);

  const lead = await env
    .as('admin')
    .post('/api/v1/leads')
    .send({ name: 'Anfrage Lea', partnerId: partner.body.id, salespersonId: env.users.own.id });
  expect((await multiget('own', names)).get(derived)!.body).toContain('FN:Lea Leadindex');
  expect(await listing('own')).toContain(derived);

  await env.as('admin').patch(`/api/v1/leads/${lead.body.id}`).send({ salespersonId: env.users.own2.id });
  expect((await multiget('own', names)).get(derived)!.status).toBe(404);
  expect(await listing('own')).not.toContain(derived);
});

it('follows a change of the viewer’s role', async () => {
  const others = await env.as('admin').post('/api/v1/partners').send({ name: 'Rolf Rollenwechsel' });
  const derived = `${others.body.uid}.vcf`;
  expect(await listing('own')).not.toContain(derived);
  expect((await env.as('admin').patch(`/api/v1/users/${env.users.own.id}`).send({ role: 'all' })).status).toBe(200);
  try {
    expect(await listing('own')).toContain(derived);
    expect((await multiget('own', [...ownNames(), derived])).get(derived)!.status).toBe(200);
  } finally {
    expect((await env.as('admin').patch(`/api/v1/users/${env.users.own.id}`).send({ role: 'own' })).status).toBe(200);
  }
  expect(await listing('own')).not.toContain(derived);
});

it('names each viewer’s own book in the hrefs when two viewers share what they see', async () => {
  // admin and all see every partner: one index, but each answer is in the asker's own book.
  const adminList = await listing('admin');
  const allBook = bookPath(env, 'all', 'customers');
  const res = await davRequest(env, 'all', 'REPORT', allBook, etagSyncBody(''));
  const hrefs = [...res.text.matchAll(/<d:href>([^<]+)<\/d:href>/g)].map((m) => m[1]);
  expect(hrefs.length).toBe(adminList.length);
  expect(hrefs.every((h) => h.startsWith(allBook))).toBe(true);
});

it('does not take a book whose deletion tombstone was pruned for unchanged', async () => {
  // A, then B: B's change is the newest when the index is read. Deleting A moves A's change row past B's; pruning
  // that tombstone brings B's revision back as the newest, as if nothing had happened.
  const a = await env.as('own').post('/api/v1/partners').send({ name: 'Anton Abgang' });
  const b = await env.as('own').post('/api/v1/partners').send({ name: 'Berta Bleibt' });
  const names = [...ownNames(), `${a.body.uid}.vcf`, `${b.body.uid}.vcf`];
  expect((await multiget('own', names)).get(`${a.body.uid}.vcf`)!.status).toBe(200);
  expect((await env.as('own').delete(`/api/v1/partners/${a.body.id}`)).status).toBe(204);
  await env.sequelize.transaction((tx) => pruneTombstones(env.sequelize, tx, new Date(Date.now() + 60_000)));
  const after = await multiget('own', names);
  expect(after.get(`${a.body.uid}.vcf`)!.status).toBe(404);
  expect(after.get(`${b.body.uid}.vcf`)!.status).toBe(200);
  expect(await listing('own')).not.toContain(`${a.body.uid}.vcf`);
});

it('reads the book anew when more partners changed than it catches up with (an import)', async () => {
  expect(await listing('own')).toContain('idx-0.vcf'); // the index is loaded
  // One more than the index re-reads one by one (MAX_DELTA = 500).
  const imported = await asDomain(env, 'own', async (ctx) => {
    const uids: string[] = [];
    for (let i = 0; i < 501; i++) uids.push((await createPartner(ctx, { name: `Import ${i}` })).uid);
    return uids;
  });
  const names = imported.map((uid) => `${uid}.vcf`);
  expect((await multiget('own', [names[0]])).get(names[0])!.status).toBe(200);
  const listed = new Set(await listing('own'));
  expect(names.filter((n) => !listed.has(n))).toEqual([]);
  const fetched = await multiget('own', names.slice(-60));
  expect([...fetched.values()].every((a) => a.status === 200)).toBe(true);
});
