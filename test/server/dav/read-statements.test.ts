import { createTestEnv, TestEnv } from '../../support/test-env';
import { countStatements, type StatementCount } from '../../support/statement-count';
import { finishBackgroundWrites } from '../../../server/src/db/background-writes';
import { davRequest } from './dav-client';

/**
 * The SQL statements of a phone's reads of its address book (npm run bench:dav's initial sync: one sync-collection,
 * then multigets of 100): the client's token and the book's change-log version, and nothing else while the book is
 * unchanged. The version is read ahead, before the token check (dav/collections/version-ahead.ts), so the two go to
 * the database together, and a request reads it once — a sync-collection's token and its listing stand on one read.
 */
let env: TestEnv;
let counter: StatementCount;
const CARDS = 60;
const NS = 'xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"';

beforeAll(async () => {
  env = await createTestEnv();
  for (let i = 0; i < CARDS; i++) {
    const card = ['BEGIN:VCARD', 'VERSION:3.0', `UID:read-${i}`, `FN:Karla ${i}`, `N:${i};Karla;;;`, 'END:VCARD', ''];
    const put = await davRequest(env, 'own', 'PUT', `${book()}read-${i}.vcf`, card.join('\r\n'), {
      'Content-Type': 'text/vcard; charset=utf-8',
    });
    expect(put.status).toBe(201);
  }
  counter = countStatements(env.dialect);
});
afterAll(async () => {
  counter.restore();
  await env.close();
});

const book = () => `/dav/addressbooks/${env.users.own.email}/customers/`;

const syncCollection = () =>
  davRequest(
    env,
    'own',
    'REPORT',
    book(),
    `<?xml version="1.0"?><d:sync-collection ${NS}><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
    { Depth: '1' },
  );

const multiget = (names: string[]) =>
  davRequest(
    env,
    'own',
    'REPORT',
    book(),
    `<?xml version="1.0"?><card:addressbook-multiget ${NS}><d:prop><d:getetag/><card:address-data/></d:prop>${names
      .map((n) => `<d:href>${book()}${n}</d:href>`)
      .join('')}</card:addressbook-multiget>`,
    { Depth: '1' },
  );

/** The statements of one request, with nothing of the background writers' (token stamps) in it. */
async function statementsOf(request: () => Promise<{ status: number; text: string }>): Promise<string[]> {
  await finishBackgroundWrites(env.sequelize);
  counter.reset();
  const answer = await request();
  const shapes = [...counter.shapes];
  expect(answer.status).toBe(207);
  return shapes;
}

// The token check's first table is its teams subquery (statement-count.ts names a SELECT by its first FROM).
const TOKEN = 'SELECT team_members';
const VERSION = 'SELECT changes';
/**
 * Without the process's caches (AKTE_DAV_CACHE=off, the dav-uncached project) there is no index: each request then
 * also reads the cards it answers (and a multiget their stored bodies) — after the same two.
 */
const uncached = (...reads: string[]) => (env.services.config.davCache ? [] : reads);

it('lists the book with the version read once, sent before the token check', async () => {
  // The first listing builds the viewer's index of the book.
  expect((await syncCollection()).status).toBe(207);
  const shapes = await statementsOf(syncCollection);
  expect(shapes).toEqual([VERSION, TOKEN, ...uncached('SELECT partners')]);
});

it('answers a multiget of the whole book with the same two statements, and every card', async () => {
  const names = Array.from({ length: CARDS }, (_, i) => `read-${i}.vcf`);
  // The first one reads the cards' stored bodies (kept for the next while the cards are unchanged).
  expect((await multiget(names)).status).toBe(207);
  let text = '';
  const shapes = await statementsOf(async () => {
    const answer = await multiget(names);
    text = answer.text;
    return answer;
  });
  expect(shapes).toEqual([VERSION, TOKEN, ...uncached('SELECT partners', 'SELECT dav_objects')]);
  expect(text.match(/BEGIN:VCARD/g)).toHaveLength(CARDS);
});

it('answers a client that is not authenticated 401, with nothing read ahead in the answer', async () => {
  const refused = await davRequest(env, null, 'REPORT', book(), '<x/>', { Depth: '1' });
  expect(refused.status).toBe(401);
  expect(refused.text).not.toMatch(/sync-token|revision/i);
});
