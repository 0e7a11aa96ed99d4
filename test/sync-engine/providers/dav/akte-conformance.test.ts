import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDavProvider, type DavProvider } from '../../../../sync-engine/src/providers/dav';
import type { ListPage } from '../../../../sync-engine/src/providers/provider';
import { createTestEnv, type TestEnv } from '../../../support/test-env';

/**
 * The same provider against Akte's own CardDAV/CalDAV server (an in-process app on a fresh SQLite database): another
 * Akte is one of the remotes the issue names. Discovery, complete and delta listings, multiget, the conditional
 * writes and their 412s, and an unknown sync-token.
 */
let env: TestEnv;
let server: Server;
let provider: DavProvider;

beforeAll(async () => {
  env = await createTestEnv();
  server = env.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  provider = createDavProvider({
    serverUrl: `http://127.0.0.1:${port}/`,
    username: env.users.own.email,
    password: env.users.own.token,
  });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await env.close();
});

const card = (uid: string, name: string) =>
  `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${name}\r\nN:${name};;;;\r\nEND:VCARD\r\n`;
const vcard = 'text/vcard; charset=utf-8';

async function readListing(href: string, cursor: string | null) {
  const pages: ListPage[] = [];
  let page: string | null = null;
  for (;;) {
    const answer = await provider.listChanges({ href }, { cursor, page });
    pages.push(answer);
    if (answer.kind === 'cursor-invalid' || answer.next === null) return pages;
    page = answer.next;
  }
}
const lastCursor = (pages: ListPage[]) => {
  const last = pages[pages.length - 1];
  return last.kind === 'cursor-invalid' ? null : last.cursor;
};
const listed = (pages: ListPage[]) =>
  pages.flatMap((p) => (p.kind === 'complete' ? p.entries : p.kind === 'delta' ? p.changed : []));

describe('DAV provider against Akte', () => {
  it('finds the address books and the calendar; lists, fetches, writes conditionally and reads deltas', async () => {
    const found = await provider.listCollections();
    const book = found.find((c) => c.kind === 'contacts' && c.href.endsWith('/customers/'))!;
    expect(book).toBeDefined();
    expect(found.some((c) => c.kind === 'events')).toBe(true);
    const collection = { href: book.href };

    const first = await readListing(book.href, null);
    expect(first[0].kind).toBe('complete');
    const cursor = lastCursor(first);
    expect(cursor).toEqual(expect.any(String));

    const href = `${book.href}sync-1.vcf`;
    const request = { href, body: card('sync-1', 'Sina Sync'), contentType: vcard, idempotencyKey: 'k' };
    const created = await provider.create(collection, request);
    expect(created.kind).toBe('created');
    expect(await provider.create(collection, request)).toEqual({ kind: 'exists' });

    const [item] = await provider.fetch(collection, [href, `${book.href}gone.vcf`]);
    expect(item).toMatchObject({ href, body: expect.stringContaining('Sina Sync') });
    expect(await provider.update(href, card('sync-1', 'Sina Stale'), vcard, '"stale"')).toEqual({
      kind: 'precondition-failed',
    });
    const updated = await provider.update(href, card('sync-1', 'Sina Synced'), vcard, item.etag);
    expect(updated.kind).toBe('updated');

    const delta = await readListing(book.href, cursor);
    expect(delta[0].kind).toBe('delta');
    expect(listed(delta).map((e) => e.href)).toContain(href);
    // A member created and deleted since a token may be left out of a delta (RFC 6578 §3.5.2): take a newer one.
    const since = lastCursor(delta);

    expect(await provider.delete(href, '"stale"')).toEqual({ kind: 'precondition-failed' });
    const [current] = await provider.fetch(collection, [href]);
    expect(await provider.delete(href, current.etag)).toEqual({ kind: 'deleted' });
    expect(await provider.delete(href, null)).toEqual({ kind: 'gone' });
    const after = await readListing(book.href, since);
    expect(after.flatMap((p) => (p.kind === 'delta' ? p.removed : []))).toContain(href);

    expect(await provider.listChanges(collection, { cursor: 'not-a-token-of-akte', page: null })).toMatchObject({
      kind: 'cursor-invalid',
    });
  });
});
