import { diffPage, goneAfterListing, type ListedLink } from '../../../sync-engine/src/engine/diff';

const link = (href: string, etag: string | null, listedIn = 1, pending = false): ListedLink => ({
  href,
  etag,
  listedIn,
  pending,
});

describe('diffPage', () => {
  const links = new Map([
    ['/a', link('/a', '"1"')],
    ['/b', link('/b', '"1"')],
    ['/c', link('/c', null)],
  ]);
  const linkOf = (href: string) => links.get(href);

  it('sorts entries into created, changed and unchanged by href and ETag', () => {
    const diff = diffPage(
      [
        { href: '/a', etag: '"1"' },
        { href: '/b', etag: '"2"' },
        { href: '/n', etag: '"1"' },
      ],
      linkOf,
    );
    expect(diff.created.map((e) => e.href)).toEqual(['/n']);
    expect(diff.changed.map((e) => e.href)).toEqual(['/b']);
    expect(diff.unchanged.map((e) => e.href)).toEqual(['/a']);
  });

  it('treats a missing ETag on either side as "maybe changed" (the content hash decides)', () => {
    const diff = diffPage(
      [
        { href: '/a', etag: null },
        { href: '/c', etag: '"1"' },
      ],
      linkOf,
    );
    expect(diff.changed.map((e) => e.href)).toEqual(['/a', '/c']);
  });

  it('counts an href listed twice once, with its last ETag', () => {
    const diff = diffPage(
      [
        { href: '/b', etag: '"2"' },
        { href: '/b', etag: '"1"' },
        { href: '/n', etag: '"1"' },
        { href: '/n', etag: '"1"' },
      ],
      linkOf,
    );
    expect(diff.unchanged.map((e) => e.href)).toEqual(['/b']);
    expect(diff.created).toHaveLength(1);
  });
});

describe('goneAfterListing', () => {
  const links = [link('/seen', '"1"', 5), link('/unseen', '"1"', 4), link('/pending', null, 4, true)];

  it('infers nothing from a partial listing', () => {
    expect(goneAfterListing(links, 5, false)).toEqual([]);
  });

  it('after a complete listing: the synced links not seen in this generation, never pending creates', () => {
    expect(goneAfterListing(links, 5, true).map((l) => l.href)).toEqual(['/unseen']);
  });
});
