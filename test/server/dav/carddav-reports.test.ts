import { createTestEnv, TestEnv } from '../../support/test-env';
import { bookPath, davRequest, propfindBody, vcard } from './dav-client';
import { pruneTombstones } from '../../../server/src/domain/changes/service';
import { parseXml } from '../../../server/src/dav/xml/parse';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

const NS = 'xmlns:d="DAV:" xmlns:card="urn:ietf:params:xml:ns:carddav"';
const syncBody = (token: string, extra = '') =>
  `<?xml version="1.0"?><d:sync-collection ${NS}><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level>${extra}<d:prop><d:getetag/><card:address-data/></d:prop></d:sync-collection>`;
const tokenOf = (xml: string) => /<d:sync-token>([^<]+)<\/d:sync-token>/.exec(xml)![1];
const put = (book: string, name: string, body: string) =>
  davRequest(env, 'own', 'PUT', `${bookPath(env, 'own', book)}${name}`, body, { 'Content-Type': 'text/vcard' });

describe.each(['customers', 'contacts'])('REPORTs on %s', (book) => {
  const href = () => bookPath(env, 'own', book);
  let token = '';

  it('initial sync-collection lists every card with its data and a URI token', async () => {
    await put(book, 'a.vcf', vcard(`${book}-a`, 'Alpha Eins', ['EMAIL:alpha@example.org']));
    await put(book, 'b.vcf', vcard(`${book}-b`, 'Beta Zwei', ['TEL;TYPE=CELL:+49 170 555']));
    const res = await davRequest(env, 'own', 'REPORT', href(), syncBody(''));
    expect(res.status).toBe(207);
    expect(res.text).toContain(`${href()}a.vcf`);
    expect(res.text).toContain(`${href()}b.vcf`);
    expect(res.text).toContain('FN:Alpha Eins');
    token = tokenOf(res.text);
    expect(token).toMatch(/^http:\/\/akte\.local\/sync\/\d+$/);
  });

  it('incremental sync returns only what changed since the token, removals as 404', async () => {
    const unchanged = await davRequest(env, 'own', 'REPORT', href(), syncBody(token));
    expect(unchanged.text).not.toContain('a.vcf');
    await put(book, 'a.vcf', vcard(`${book}-a`, 'Alpha Geändert'));
    await davRequest(env, 'own', 'DELETE', `${href()}b.vcf`);
    const res = await davRequest(env, 'own', 'REPORT', href(), syncBody(token));
    expect(res.status).toBe(207);
    expect(res.text).toContain('FN:Alpha Geändert');
    expect(res.text).toMatch(new RegExp(`<d:href>${href()}b.vcf</d:href><d:status>HTTP/1.1 404 Not Found</d:status>`));
    expect(tokenOf(res.text)).not.toBe(token);
    token = tokenOf(res.text);
  });

  it('truncates at the client limit with a 507 for the collection and a resumable token', async () => {
    for (const n of [1, 2, 3]) await put(book, `n${n}.vcf`, vcard(`${book}-n${n}`, `Nummer ${n}`));
    const res = await davRequest(
      env,
      'own',
      'REPORT',
      href(),
      syncBody(token, '<d:limit><d:nresults>2</d:nresults></d:limit>'),
    );
    expect(res.status).toBe(207);
    expect(res.text).toContain('n1.vcf');
    expect(res.text).toContain('n2.vcf');
    expect(res.text).not.toContain('n3.vcf');
    expect(res.text).toContain('HTTP/1.1 507 Insufficient Storage');
    const rest = await davRequest(env, 'own', 'REPORT', href(), syncBody(tokenOf(res.text)));
    expect(rest.text).toContain('n3.vcf');
    expect(rest.text).not.toContain('n1.vcf');
  });

  it('answers an unknown or expired token with 403 DAV:valid-sync-token', async () => {
    for (const bad of ['http://elsewhere/sync/5', 'http://akte.local/sync/abc', 'garbage']) {
      const res = await davRequest(env, 'own', 'REPORT', href(), syncBody(bad));
      expect(res.status).toBe(403);
      expect(res.text).toContain('<d:valid-sync-token/>');
    }
  });

  it('addressbook-multiget returns the cards asked for and 404 for others, hidden or outside', async () => {
    const body = `<?xml version="1.0"?><card:addressbook-multiget ${NS}><d:prop><d:getetag/><card:address-data content-type="text/vcard" version="4.0"/></d:prop>
      <d:href>${href()}a.vcf</d:href><d:href>${href()}missing.vcf</d:href><d:href>/dav/addressbooks/${env.users.own2.email}/${book}/a.vcf</d:href><d:href>${href()}%2e%2e/x</d:href></card:addressbook-multiget>`;
    const res = await davRequest(env, 'own', 'REPORT', href(), body);
    expect(res.status).toBe(207);
    expect(res.text).toContain('VERSION:4.0');
    expect(res.text).toContain('FN:Alpha Geändert');
    expect(res.text.match(/404 Not Found/g)).toHaveLength(3);
  });

  it('addressbook-query filters with prop-filter and text-match', async () => {
    const body = `<?xml version="1.0"?><card:addressbook-query ${NS}><d:prop><d:getetag/><card:address-data/></d:prop>
      <card:filter><card:prop-filter name="FN"><card:text-match collation="i;unicode-casemap" match-type="contains">nummer</card:text-match></card:prop-filter></card:filter></card:addressbook-query>`;
    const res = await davRequest(env, 'own', 'REPORT', href(), body);
    expect(res.status).toBe(207);
    expect(res.text.match(/<d:response>/g)).toHaveLength(3);
    expect(res.text).not.toContain('Alpha');
  });

  it('lists the cards at Depth 1 with getetag and getcontenttype', async () => {
    const res = await davRequest(
      env,
      'own',
      'PROPFIND',
      href(),
      propfindBody('d:getetag', 'd:getcontenttype', 'd:resourcetype'),
      { Depth: '1' },
    );
    expect(res.status).toBe(207);
    expect(res.text).toContain(`${href()}a.vcf`);
    expect(res.text).toMatch(/<d:getetag>"[^<"]+"<\/d:getetag>/);
    expect(res.text).not.toContain(`${href()}b.vcf`);
  });
});

describe('bad REPORT and XML input', () => {
  it('refuses XML with a DOCTYPE or entities before parsing (no XXE)', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d:propfind xmlns:d="DAV:"><d:prop><d:displayname>&x;</d:displayname></d:prop></d:propfind>`;
    const res = await davRequest(env, 'own', 'PROPFIND', '/dav/', xxe, { Depth: '0' });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain('root:');
    const malformed = await davRequest(env, 'own', 'PROPFIND', '/dav/', '<d:propfind xmlns:d="DAV:"><d:prop>', {
      Depth: '0',
    });
    expect(malformed.status).toBe(400);
  });

  it('answers an unsupported report with 403 DAV:supported-report', async () => {
    const res = await davRequest(
      env,
      'own',
      'REPORT',
      bookPath(env, 'own', 'customers'),
      '<x:whatever xmlns:x="urn:x"/>',
    );
    expect(res.status).toBe(403);
    expect(res.text).toContain('<d:supported-report/>');
  });

  it('answers 403 valid-sync-token for a token older than pruned tombstones', async () => {
    await env.sequelize.transaction((tx) => pruneTombstones(env.sequelize, tx, new Date(Date.now() + 60_000)));
    const res = await davRequest(
      env,
      'own',
      'REPORT',
      bookPath(env, 'own', 'contacts'),
      syncBody('http://akte.local/sync/1'),
    );
    expect(res.status).toBe(403);
    expect(res.text).toContain('<d:valid-sync-token/>');
  });
});

describe('client-created address books (extended MKCOL)', () => {
  const mkcol = `<?xml version="1.0"?><d:mkcol ${NS}><d:set><d:prop><d:resourcetype><d:collection/><card:addressbook/></d:resourcetype><d:displayname>Messe 2025</d:displayname></d:prop></d:set></d:mkcol>`;

  it('creates, lists, renames and deletes an address book', async () => {
    const path = bookPath(env, 'own', 'messe');
    expect((await davRequest(env, 'own', 'MKCOL', path, mkcol)).status).toBe(201);
    expect((await davRequest(env, 'own', 'MKCOL', path, mkcol)).status).toBe(405);
    const list = await davRequest(
      env,
      'own',
      'PROPFIND',
      `/dav/addressbooks/${env.users.own.email}/`,
      propfindBody('d:displayname'),
      { Depth: '1' },
    );
    expect(list.text).toContain('<d:displayname>Messe 2025</d:displayname>');
    const patch = `<?xml version="1.0"?><d:propertyupdate ${NS}><d:set><d:prop><d:displayname>Messe 2026</d:displayname></d:prop></d:set></d:propertyupdate>`;
    const patched = await davRequest(env, 'own', 'PROPPATCH', path, patch);
    expect(patched.status).toBe(207);
    expect(patched.text).toContain('200 OK');
    expect(
      (await davRequest(env, 'own', 'PUT', `${path}x.vcf`, vcard('messe-x', 'X'), { 'Content-Type': 'text/vcard' }))
        .status,
    ).toBe(201);
    const other = await davRequest(env, 'own2', 'GET', `/dav/addressbooks/${env.users.own.email}/messe/x.vcf`);
    expect(other.status).toBe(404);
    expect((await davRequest(env, 'own', 'DELETE', path)).status).toBe(204);
    expect((await davRequest(env, 'own', 'GET', `${path}x.vcf`)).status).toBe(404);
  });

  it('refuses a plain MKCOL and reserved names', async () => {
    expect((await davRequest(env, 'own', 'MKCOL', bookPath(env, 'own', 'plain'))).status).toBe(403);
    expect((await davRequest(env, 'own', 'MKCOL', bookPath(env, 'own', 'customers'), mkcol)).status).toBe(405);
    expect((await davRequest(env, 'own', 'DELETE', bookPath(env, 'own', 'customers'))).status).toBe(403);
  });
});

describe('answers larger than one written chunk', () => {
  it('arrive whole, well-formed and with the byte length of the UTF-8 body, umlauts at chunk seams included', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `chunk-${i}.vcf`);
    for (const [i, name] of names.entries())
      expect((await put('contacts', name, vcard(`chunk-${i}`, `Jürgen Größe-Übel ${i}`))).status).toBe(201);
    const hrefs = names.map((n) => `<d:href>${bookPath(env, 'own', 'contacts')}${n}</d:href>`).join('');
    const res = await davRequest(
      env,
      'own',
      'REPORT',
      bookPath(env, 'own', 'contacts'),
      `<card:addressbook-multiget ${NS}><d:prop><d:getetag/><card:address-data/></d:prop>${hrefs}</card:addressbook-multiget>`,
    );
    expect(res.status).toBe(207);
    // At least two chunks of 32K characters: the multistatus is ~54 KB.
    expect(res.text.length).toBeGreaterThan(32_768);
    expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text, 'utf8'));
    expect(() => parseXml(res.text)).not.toThrow();
    for (let i = 0; i < 150; i++) expect(res.text).toContain(`FN:Jürgen Größe-Übel ${i}\r\n`);
  });
});
