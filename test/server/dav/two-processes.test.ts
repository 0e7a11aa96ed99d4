import { createTestEnv, TestEnv } from '../../support/test-env';
import { startSecondServer, SecondServer } from '../../support/second-server';
import { basicAuth, bookPath, davRequest, DavResponse, etagSyncBody, syncTokenOf, vcard } from './dav-client';
import { ensurePersonalCalendar } from '../../../server/src/domain/calendar/calendars';
import { Calendar } from '../../../server/src/domain/calendar/model';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';

/**
 * Two server processes on one database (the same SQLite file, or the same MariaDB database): this test's in-process
 * app ("one") and a second Node process with its own connections and DAV caches ("two", test/support/second-server.ts).
 * Each keeps per-process indexes and caches (dav/caches.ts) that must be checked against the database on every
 * request: whatever is written through one is what the other answers — the same ETags, the same bodies — and the
 * other's sync-collection reports it. Both are warmed up first, so a stale cache would answer.
 */
let env: TestEnv;
let two: SecondServer;
let cal: string;
const CARDS = 55; // above INDEX_LOAD_MIN_NAMES: a multiget of all of them loads the customers index
const book = () => bookPath(env, 'own', 'customers');
const names = Array.from({ length: CARDS }, (_, i) => `two-${i}.vcf`);

type Side = 'one' | 'two';

async function dav(
  side: Side,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<DavResponse> {
  if (side === 'one') return davRequest(env, 'own', method, path, body, headers);
  const response = await fetch(two.baseUrl + path, {
    method,
    body,
    headers: { Authorization: basicAuth(env, 'own'), 'Content-Type': 'application/xml; charset=utf-8', ...headers },
  });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    text: await response.text(),
  };
}

beforeAll(async () => {
  env = await createTestEnv();
  two = await startSecondServer(env.services.config.databaseUrl, env.services.config.dataDir);
  for (const [i, name] of names.entries()) {
    const put = await dav('one', 'PUT', `${book()}${name}`, vcard(`two-${i}`, `Zwei Prozesse ${i}`), {
      'Content-Type': 'text/vcard',
    });
    expect(put.status).toBe(201);
  }
  await ensurePersonalCalendar(await actorForUser((await User.findByPk(env.users.own.id))!));
  const calendarId = (await Calendar.findOne({ where: { ownerUserId: env.users.own.id } }))!.id;
  cal = `/dav/calendars/${env.users.own.email}/${calendarId}/`;
}, 60_000);
afterAll(async () => {
  await two?.stop();
  await env?.close();
});

/** Name → { ETag, card } of a multiget of every test card, as `side` answers it. */
async function cards(side: Side): Promise<Map<string, { etag: string; body: string }>> {
  const hrefs = names.map((n) => `<d:href>${book()}${n}</d:href>`).join('');
  const res = await dav(
    side,
    'REPORT',
    book(),
    `<?xml version="1.0"?><card:addressbook-multiget xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"><d:prop><d:getetag/><card:address-data/></d:prop>${hrefs}</card:addressbook-multiget>`,
    { Depth: '1' },
  );
  expect(res.status).toBe(207);
  const found = new Map<string, { etag: string; body: string }>();
  for (const [, response] of res.text.matchAll(/<d:response>([\s\S]*?)<\/d:response>/g)) {
    const etag = /<d:getetag>([^<]+)<\/d:getetag>/.exec(response)?.[1];
    if (!etag) continue;
    found.set(/<d:href>[^<]*\/([^/<]+)<\/d:href>/.exec(response)![1], {
      etag,
      body: /<card:address-data>([\s\S]*?)<\/card:address-data>/.exec(response)![1],
    });
  }
  return found;
}

/** Href → ETag (or 404) of a sync-collection from `token` ('' = initial), and the new token. */
async function sync(side: Side, token: string): Promise<{ changed: Map<string, string>; token: string }> {
  const res = await dav(side, 'REPORT', book(), etagSyncBody(token), { Depth: '1' });
  expect(res.status).toBe(207);
  const changed = new Map<string, string>();
  for (const [, response] of res.text.matchAll(/<d:response>([\s\S]*?)<\/d:response>/g)) {
    const name = /<d:href>[^<]*\/([^/<]+)<\/d:href>/.exec(response)![1];
    changed.set(name, /<d:getetag>([^<]+)<\/d:getetag>/.exec(response)?.[1] ?? '404');
  }
  return { changed, token: syncTokenOf(res.text) };
}

async function expectSameCards(): Promise<Map<string, { etag: string; body: string }>> {
  const [seenByOne, seenByTwo] = [await cards('one'), await cards('two')];
  expect(seenByTwo).toEqual(seenByOne);
  return seenByOne;
}

describe('Customers & contacts through two processes', () => {
  it('answers a card written through one process alike through the other, and reports it in its sync', async () => {
    const before = await expectSameCards();
    expect(before.size).toBe(CARDS);
    const tokenTwo = (await sync('two', '')).token;
    const tokenOne = (await sync('one', '')).token;

    const put = await dav('one', 'PUT', `${book()}two-3.vcf`, vcard('two-3', 'Zwei Prozesse drei', ['NOTE:von eins']), {
      'Content-Type': 'text/vcard',
    });
    expect(put.status).toBe(204);
    const afterPut = await expectSameCards();
    expect(afterPut.get('two-3.vcf')!.body).toContain('NOTE:von eins');
    expect(afterPut.get('two-3.vcf')!.etag).not.toBe(before.get('two-3.vcf')!.etag);
    const seenByTwo = await sync('two', tokenTwo);
    expect([...seenByTwo.changed]).toEqual([['two-3.vcf', afterPut.get('two-3.vcf')!.etag]]);

    // A CRM edit through the second process's REST API, and a phone's delete through it.
    const found = await fetch(`${two.baseUrl}/api/v1/partners?q=${encodeURIComponent('Zwei Prozesse 7')}`, {
      headers: { Authorization: `Bearer ${env.users.own.token}` },
    });
    const id = ((await found.json()) as { items: Array<{ id: number }> }).items[0].id;
    const patch = await fetch(`${two.baseUrl}/api/v1/partners/${id}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${env.users.own.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ jobTitle: 'Prokuristin' }),
    });
    expect(patch.status).toBe(200);
    expect((await dav('two', 'DELETE', `${book()}two-9.vcf`)).status).toBe(204);

    const afterTwo = await expectSameCards();
    expect(afterTwo.get('two-7.vcf')!.body).toContain('TITLE:Prokuristin');
    expect(afterTwo.has('two-9.vcf')).toBe(false);
    const seenByOne = await sync('one', tokenOne);
    expect(Object.fromEntries(seenByOne.changed)).toEqual({
      'two-3.vcf': afterTwo.get('two-3.vcf')!.etag,
      'two-7.vcf': afterTwo.get('two-7.vcf')!.etag,
      'two-9.vcf': '404',
    });
    for (const side of ['one', 'two'] as const) {
      const got = await dav(side, 'GET', `${book()}two-7.vcf`);
      expect(got.headers.etag).toBe(afterTwo.get('two-7.vcf')!.etag);
    }
  });
});

const ics = (uid: string, start: string, summary: string) =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${start}`,
    'DURATION:PT1H',
    `SUMMARY:${summary}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

/** Name → { ETag, body } of a one-month calendar-query (March 2026) as `side` answers it. */
async function march(side: Side): Promise<Map<string, { etag: string; body: string }>> {
  const res = await dav(
    side,
    'REPORT',
    cal,
    `<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"><c:time-range start="20260301T000000Z" end="20260401T000000Z"/></c:comp-filter></c:comp-filter></c:filter></c:calendar-query>`,
    { Depth: '1' },
  );
  expect(res.status).toBe(207);
  const found = new Map<string, { etag: string; body: string }>();
  for (const [, response] of res.text.matchAll(/<d:response>([\s\S]*?)<\/d:response>/g))
    found.set(/<d:href>[^<]*\/([^/<]+)<\/d:href>/.exec(response)![1], {
      etag: /<d:getetag>([^<]+)<\/d:getetag>/.exec(response)![1],
      body: /<(?:[\w-]+:)?calendar-data[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?calendar-data>/.exec(response)![1],
    });
  return found;
}

async function expectSameMonth(): Promise<Map<string, { etag: string; body: string }>> {
  const [seenByOne, seenByTwo] = [await march('one'), await march('two')];
  expect(seenByTwo).toEqual(seenByOne);
  return seenByOne;
}

describe('a calendar through two processes', () => {
  const putEvent = (side: Side, name: string, body: string) =>
    dav(side, 'PUT', `${cal}${name}`, body, { 'Content-Type': 'text/calendar; charset=utf-8' });

  it('answers a time-range query alike after writes through either process', async () => {
    expect((await putEvent('one', 'a.ics', ics('two-a', '20260305T090000Z', 'Eins'))).status).toBe(201);
    expect((await putEvent('one', 'b.ics', ics('two-b', '20260505T090000Z', 'Mai'))).status).toBe(201);
    expect([...(await expectSameMonth()).keys()]).toEqual(['a.ics']);

    // Through two: b moves into March, a changes its summary; c is new.
    expect((await putEvent('two', 'b.ics', ics('two-b', '20260310T090000Z', 'Verlegt'))).status).toBe(204);
    expect((await putEvent('two', 'a.ics', ics('two-a', '20260305T090000Z', 'Geändert'))).status).toBe(204);
    expect((await putEvent('two', 'c.ics', ics('two-c', '20260320T090000Z', 'Neu'))).status).toBe(201);
    const month = await expectSameMonth();
    expect([...month.keys()].sort()).toEqual(['a.ics', 'b.ics', 'c.ics']);
    expect(month.get('a.ics')!.body).toContain('SUMMARY:Geändert');

    // Through one: a is deleted; two no longer lists it, and both GETs agree on the others' ETags.
    expect((await dav('one', 'DELETE', `${cal}a.ics`)).status).toBe(204);
    const after = await expectSameMonth();
    expect([...after.keys()].sort()).toEqual(['b.ics', 'c.ics']);
    for (const side of ['one', 'two'] as const)
      expect((await dav(side, 'GET', `${cal}b.ics`)).headers.etag).toBe(after.get('b.ics')!.etag);
  });
});
