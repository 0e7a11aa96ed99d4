import { canonicalPath, hrefLike } from '../../../../sync-engine/src/providers/dav/hrefs';
import {
  decodePosition,
  pageOfAnswer,
  type ListingAnswer,
} from '../../../../sync-engine/src/providers/dav/listing-pages';
import { errorConditions } from '../../../../sync-engine/src/providers/dav/multistatus';
import { retryAfterMs } from '../../../../sync-engine/src/providers/dav/retry-after';
import { readSyncAnswer } from '../../../../sync-engine/src/providers/dav/sync-collection';

const server = { serverUrl: 'https://dav.example/' };

describe('sync-collection answers (RFC 6578)', () => {
  // §3.6's own example shape: members, a 507 on the request URI, the token to continue from.
  const truncated = `<?xml version="1.0" encoding="utf-8" ?>
<D:multistatus xmlns:D="DAV:">
  <D:response>
    <D:href>https://dav.example/home/cyrusdaboo/collection/test.doc</D:href>
    <D:propstat><D:prop><D:getetag>"00001-abcd1"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
  </D:response>
  <D:response>
    <D:href>/home/cyrusdaboo/collection/vcard%40x</D:href>
    <D:status>HTTP/1.1 404 Not Found</D:status>
  </D:response>
  <D:response>
    <D:href>/home/cyrusdaboo/collection/no-etag</D:href>
    <D:propstat><D:prop><D:getetag/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>
  </D:response>
  <D:response>
    <D:href>/home/cyrusdaboo/collection/</D:href>
    <D:status>HTTP/1.1 507 Insufficient Storage</D:status>
    <D:error><D:number-of-matches-within-limits/></D:error>
  </D:response>
  <D:sync-token>http://example.com/ns/sync/1233</D:sync-token>
</D:multistatus>`;

  it('reads members, deletions, a member without ETag and the 507 truncation with its token', () => {
    expect(readSyncAnswer(server, '/home/cyrusdaboo/collection/', truncated)).toEqual({
      entries: [
        { href: '/home/cyrusdaboo/collection/test.doc', etag: '"00001-abcd1"', removed: false },
        { href: '/home/cyrusdaboo/collection/vcard@x', etag: null, removed: true },
        { href: '/home/cyrusdaboo/collection/no-etag', etag: null, removed: false },
      ],
      token: 'http://example.com/ns/sync/1233',
      truncated: true,
    });
  });

  it('a truncated answer continues from its token once its pages are handed out', () => {
    const answer = readSyncAnswer(server, '/home/cyrusdaboo/collection/', truncated);
    const page = pageOfAnswer(answer, {
      complete: false,
      pageSize: 10,
      id: 'a',
      source: 'sync',
      from: 'old',
      after: null,
      reasked: false,
    });
    expect(page).toMatchObject({ kind: 'delta', cursor: null, removed: ['/home/cyrusdaboo/collection/vcard@x'] });
    expect(decodePosition(page.next!)).toEqual({ t: 'more', token: 'http://example.com/ns/sync/1233' });
  });

  it('the valid-sync-token precondition is read from the error body', () => {
    const body = '<?xml version="1.0"?><error xmlns="DAV:"><valid-sync-token/></error>';
    expect(errorConditions(body)).toEqual(['valid-sync-token']);
    expect(errorConditions('not xml')).toEqual([]);
  });

  it('an answer without a token is refused', () => {
    expect(() => readSyncAnswer(server, '/c/', '<multistatus xmlns="DAV:"></multistatus>')).toThrow(/no sync-token/);
  });
});

describe('listing pages', () => {
  const answer: ListingAnswer = {
    entries: ['/c/a', '/c/b', '/c/b', '/c/c'].map((href) => ({ href, etag: null, removed: false })),
    token: 'new',
    truncated: false,
  };
  const options = {
    complete: true,
    pageSize: 2,
    id: 'x',
    source: 'sync' as const,
    from: '',
    after: null,
    reasked: false,
  };

  it('never splits one href across pages, and the last page carries the answer token', () => {
    const first = pageOfAnswer(answer, options);
    expect(first).toMatchObject({ kind: 'complete', cursor: null });
    expect(first.kind === 'complete' && first.entries.map((e) => e.href)).toEqual(['/c/a', '/c/b', '/c/b']);
    const last = pageOfAnswer(answer, { ...options, after: '/c/b' });
    expect(last).toMatchObject({ next: null, cursor: 'new', entries: [{ href: '/c/c' }] });
  });

  it('an answer asked again after a crash ends at the token it was asked from, never at its own', () => {
    expect(pageOfAnswer(answer, { ...options, after: '/c/b', reasked: true })).toMatchObject({ cursor: null });
    expect(
      pageOfAnswer(answer, { ...options, complete: false, from: 'old', after: '/c/b', reasked: true }),
    ).toMatchObject({
      cursor: 'old',
    });
  });
});

describe('hrefs and Retry-After', () => {
  it('one canonical form whatever the server encodes', () => {
    expect(canonicalPath('/a/b%40c%2Ed.vcf', 'https://x/')).toBe('/a/b@c.d.vcf');
    expect(canonicalPath('https://x/a/b c.vcf', 'https://x/')).toBe('/a/b%20c.vcf');
    expect(hrefLike('https://x/a/', '/a/b.vcf', 'https://x/')).toBe('https://x/a/b.vcf');
  });

  it('Retry-After as seconds or an HTTP-date (RFC 9110 §10.2.3)', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 06 Dec 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(retryAfterMs('Sun, 06 Dec 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeNull();
    expect(retryAfterMs(null, now)).toBeNull();
  });
});
