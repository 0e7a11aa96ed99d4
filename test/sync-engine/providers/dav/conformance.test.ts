import { RemoteUnavailableError, type ListPage } from '../../../../sync-engine/src/providers/provider';
import { createDavProvider, type DavProvider } from '../../../../sync-engine/src/providers/dav';
import { freePort } from '../../../services/net';
import { startRadicale, stopRadicale, type RunningRadicale } from '../../../support/radicale';
import { RadicaleClient } from './support/radicale-collections';
import { truncatingFetch, withoutSyncTokens } from './support/proxies';

/**
 * The DAV provider against a real Radicale: every method of the provider contract, the 412 outcomes, an invalid
 * sync-token, a truncated (507) answer, a server without sync-tokens, and transport failures.
 */
const card = (uid: string, name: string) =>
  `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${name}\r\nN:${name};;;;\r\nEND:VCARD\r\n`;
const vcard = 'text/vcard; charset=utf-8';

let radicale: RunningRadicale;
let client: RadicaleClient;
let books = 0;

beforeAll(async () => {
  radicale = await startRadicale();
  client = new RadicaleClient(radicale);
});
afterAll(async () => {
  await stopRadicale(radicale);
});

function provider(options: { pageSize?: number; fetch?: Parameters<typeof createDavProvider>[0]['fetch'] } = {}) {
  return createDavProvider({ serverUrl: radicale.baseUrl, username: 'alice', password: 'alicepw', ...options });
}

/** A fresh address book holding `n` cards, one of them at an href without the .vcf suffix. */
async function bookWith(n: number): Promise<string> {
  const href = await client.makeCollection(`conf${++books}`, 'addressbook');
  for (let i = 0; i < n; i++)
    await client.put(`${href}${i === 0 ? 'no-suffix' : `card${i}.vcf`}`, card(`u${i}`, `N ${i}`));
  return href;
}

/** Every page of a listing from `cursor`, as the engine would read it. */
async function readListing(p: DavProvider, href: string, cursor: string | null) {
  const pages: ListPage[] = [];
  let page: string | null = null;
  for (;;) {
    const answer = await p.listChanges({ href }, { cursor, page });
    pages.push(answer);
    if (answer.kind === 'cursor-invalid' || answer.next === null) return pages;
    page = answer.next;
  }
}
const hrefsOf = (pages: ListPage[]) =>
  pages.flatMap((p) => (p.kind === 'complete' ? p.entries : p.kind === 'delta' ? p.changed : [])).map((e) => e.href);
const lastCursor = (pages: ListPage[]) => {
  const last = pages[pages.length - 1];
  return last.kind === 'cursor-invalid' ? null : last.cursor;
};

describe('DAV provider against Radicale: discovery', () => {
  it('lists the principal address books, calendars and task lists with a default per kind', async () => {
    await client.makeCollection('disco-book', 'addressbook');
    await client.makeCollection('disco-events', 'calendar', ['VEVENT']);
    await client.makeCollection('disco-tasks', 'calendar', ['VTODO']);
    const found = await provider().listCollections();
    expect(found).toEqual(
      expect.arrayContaining([
        { href: '/alice/disco-book/', kind: 'contacts', displayName: 'disco-book', isDefault: expect.any(Boolean) },
        { href: '/alice/disco-events/', kind: 'events', displayName: 'disco-events', isDefault: expect.any(Boolean) },
        { href: '/alice/disco-tasks/', kind: 'tasks', displayName: 'disco-tasks', isDefault: expect.any(Boolean) },
      ]),
    );
    expect(found.some((c) => c.kind === 'events' && c.href === '/alice/disco-tasks/')).toBe(false);
    for (const kind of ['contacts', 'events', 'tasks'])
      expect(found.filter((c) => c.kind === kind && c.isDefault)).toHaveLength(1);
  });

  it('a wrong password fails the discovery instead of listing nothing', async () => {
    const wrong = createDavProvider({ serverUrl: radicale.baseUrl, username: 'alice', password: 'nope' });
    await expect(wrong.listCollections()).rejects.toThrow();
  });
});

describe('DAV provider against Radicale: listing', () => {
  it('a complete listing in pages names every item (hrefs without a suffix too) and ends with a sync-token', async () => {
    const href = await bookWith(5);
    const pages = await readListing(provider({ pageSize: 2 }), href, null);
    expect(pages.map((p) => p.kind)).toEqual(['complete', 'complete', 'complete']);
    expect(hrefsOf(pages).sort()).toEqual([
      `${href}card1.vcf`,
      `${href}card2.vcf`,
      `${href}card3.vcf`,
      `${href}card4.vcf`,
      `${href}no-suffix`,
    ]);
    expect(pages.slice(0, 2).every((p) => p.kind !== 'cursor-invalid' && p.cursor === null)).toBe(true);
    expect(lastCursor(pages)).toMatch(/^http:\/\/radicale\.org\/ns\/sync\//);
  });

  it('a delta names changes and deletions since the cursor; no change is one request with nothing in it', async () => {
    const href = await bookWith(3);
    const p = provider();
    const cursor = lastCursor(await readListing(p, href, null));
    await client.put(`${href}card1.vcf`, card('u1', 'Changed'));
    await client.remove(`${href}card2.vcf`);
    await client.put(`${href}new`, card('u9', 'New'));
    const [delta] = await readListing(p, href, cursor);
    expect(delta).toMatchObject({ kind: 'delta', next: null, removed: [`${href}card2.vcf`] });
    expect(hrefsOf([delta]).sort()).toEqual([`${href}card1.vcf`, `${href}new`]);
    const [quiet] = await readListing(p, href, lastCursor([delta]));
    expect(quiet).toMatchObject({ kind: 'delta', changed: [], removed: [] });
  });

  it('a page position survives the provider (a new process asks again and goes on after the last href read)', async () => {
    const href = await bookWith(5);
    const first = await provider({ pageSize: 2 }).listChanges({ href }, { cursor: null, page: null });
    if (first.kind !== 'complete') throw new Error(first.kind);
    const rest = await readListingFrom(provider({ pageSize: 2 }), href, first.next!);
    expect([...first.entries.map((e) => e.href), ...hrefsOf(rest)].sort()).toHaveLength(5);
    // Asked again, the listing ends at the token it started from (''): the next round lists completely again.
    expect(lastCursor(rest)).toBeNull();
  });

  it('an invalid sync-token (Radicale forgot it) is cursor-invalid, not an error', async () => {
    const href = await bookWith(2);
    const p = provider();
    const cursor = lastCursor(await readListing(p, href, null));
    await client.put(`${href}card1.vcf`, card('u1', 'Changed'));
    client.forgetSyncTokens(href);
    expect(await p.listChanges({ href }, { cursor, page: null })).toEqual({
      kind: 'cursor-invalid',
      reason: expect.stringContaining('valid-sync-token'),
    });
  });

  it('a sync answer truncated with 507 continues from the returned token and brings the rest', async () => {
    const href = await bookWith(1);
    const proxy = truncatingFetch(2);
    const p = provider({ fetch: proxy });
    const cursor = lastCursor(await readListing(p, href, null));
    for (let i = 10; i < 16; i++) await client.put(`${href}card${i}.vcf`, card(`u${i}`, `N ${i}`));
    const pages = await readListing(p, href, cursor);
    expect(proxy.truncated).toBe(1);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toMatchObject({ kind: 'delta', cursor: null });
    expect(new Set(hrefsOf(pages)).size).toBe(6);
    expect(lastCursor(pages)).toMatch(/^http:\/\/radicale\.org\/ns\/sync\//);
  });

  it('a server without sync-tokens is listed by PROPFIND, completely every time, without a cursor', async () => {
    const href = await bookWith(3);
    const pages = await readListing(provider({ fetch: withoutSyncTokens, pageSize: 2 }), href, null);
    expect(pages.map((p) => p.kind)).toEqual(['complete', 'complete']);
    expect(hrefsOf(pages)).toHaveLength(3);
    expect(lastCursor(pages)).toBeNull();
  });
});

async function readListingFrom(p: DavProvider, href: string, page: string) {
  const pages: ListPage[] = [];
  let next: string | null = page;
  while (next !== null) {
    const answer = await p.listChanges({ href }, { cursor: null, page: next });
    pages.push(answer);
    next = answer.kind === 'cursor-invalid' ? null : answer.next;
  }
  return pages;
}

describe('DAV provider against Radicale: fetch and writes', () => {
  it('multiget fetches the items that exist; a deleted href is simply absent', async () => {
    const href = await bookWith(3);
    const items = await provider().fetch({ href }, [`${href}no-suffix`, `${href}card2.vcf`, `${href}gone.vcf`]);
    expect(items.map((i) => i.href).sort()).toEqual([`${href}card2.vcf`, `${href}no-suffix`]);
    const stored = await client.get(`${href}card2.vcf`);
    expect(items.find((i) => i.href === `${href}card2.vcf`)).toEqual({
      href: `${href}card2.vcf`,
      etag: stored!.etag,
      body: expect.stringContaining('UID:u2'),
    });
  });

  it('multiget of calendar objects', async () => {
    const href = await client.makeCollection(`conf-cal${++books}`, 'calendar', ['VEVENT']);
    const event =
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//EN\r\nBEGIN:VEVENT\r\nUID:e1\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260302T090000Z\r\nSUMMARY:Meet\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
    await client.put(`${href}e1.ics`, event);
    const [item] = await provider().fetch({ href }, [`${href}e1.ics`]);
    expect(item.body).toContain('SUMMARY:Meet');
  });

  it('create with If-None-Match: * — created with an ETag, then exists; no second copy', async () => {
    const href = await bookWith(0);
    const p = provider();
    const request = { href: `${href}new.vcf`, body: card('n1', 'New'), contentType: vcard, idempotencyKey: 'k' };
    const created = await p.create({ href }, request);
    expect(created).toEqual({ kind: 'created', etag: (await client.get(`${href}new.vcf`))!.etag });
    expect(await p.create({ href }, { ...request, body: card('n1', 'Other') })).toEqual({ kind: 'exists' });
    expect((await client.get(`${href}new.vcf`))!.body).toContain('FN:New');
  });

  it('update with If-Match: updated at the current ETag, precondition-failed at a stale one, gone when deleted', async () => {
    const href = await bookWith(2);
    const p = provider();
    const item = `${href}card1.vcf`;
    const before = (await client.get(item))!.etag!;
    const updated = await p.update(item, card('u1', 'Updated'), vcard, before);
    expect(updated).toEqual({ kind: 'updated', etag: (await client.get(item))!.etag });
    expect(await p.update(item, card('u1', 'Stale'), vcard, before)).toEqual({ kind: 'precondition-failed' });
    expect((await client.get(item))!.body).toContain('FN:Updated');
    await client.remove(item);
    expect(await p.update(item, card('u1', 'Again'), vcard, null)).toEqual({ kind: 'gone' });
    expect(await client.get(item)).toBeNull();
  });

  it('delete with If-Match: precondition-failed at a stale ETag, deleted at the current one, then gone', async () => {
    const href = await bookWith(2);
    const p = provider();
    const item = `${href}card1.vcf`;
    expect(await p.delete(item, '"stale"')).toEqual({ kind: 'precondition-failed' });
    expect(await client.get(item)).not.toBeNull();
    expect(await p.delete(item, (await client.get(item))!.etag)).toEqual({ kind: 'deleted' });
    expect(await p.delete(item, null)).toEqual({ kind: 'gone' });
  });
});

describe('DAV provider: transport failures are thrown as RemoteUnavailableError', () => {
  it('a 503 with Retry-After carries the delay', async () => {
    const p = provider({
      fetch: async () =>
        new Response('busy', { status: 503, statusText: 'Service Unavailable', headers: { 'retry-after': '120' } }),
    });
    const failure = await p.listChanges({ href: '/alice/x/' }, { cursor: 'token', page: null }).catch((e) => e);
    expect(failure).toBeInstanceOf(RemoteUnavailableError);
    expect(failure).toMatchObject({ status: 503, retryAfterMs: 120_000 });
  });

  it('a 429 from the real server path and a refused connection', async () => {
    const throttled = provider({
      fetch: async (input, init) =>
        (init?.method ?? 'GET') === 'PUT' ? new Response('', { status: 429 }) : fetch(input, init),
    });
    const href = await bookWith(0);
    await expect(
      throttled.create(
        { href },
        { href: `${href}t.vcf`, body: card('t', 'T'), contentType: vcard, idempotencyKey: 't' },
      ),
    ).rejects.toMatchObject({ name: 'RemoteUnavailableError', status: 429, retryAfterMs: null });
    const closed = createDavProvider({
      serverUrl: `http://127.0.0.1:${await freePort()}`,
      username: 'a',
      password: 'b',
    });
    await expect(closed.delete('/alice/x/y.vcf', null)).rejects.toMatchObject({
      name: 'RemoteUnavailableError',
      status: null,
    });
  });
});
