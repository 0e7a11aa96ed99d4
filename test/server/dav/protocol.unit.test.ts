import { parseXml, XmlParseError } from '../../../server/src/dav/xml/parse';
import {
  el,
  escapeAttr,
  escapeText,
  multistatus,
  multistatusChunks,
  propstatResponse,
  statusResponse,
} from '../../../server/src/dav/xml/multistatus';
import { dav } from '../../../server/src/dav/xml/namespaces';
import {
  collectionHref,
  decodeSegment,
  plainItemNameBelow,
  resolveDavPath,
} from '../../../server/src/dav/collections/resolve-path';
import { checkPreconditions } from '../../../server/src/dav/preconditions';
import { DAV_LOGIN_LIMIT, davLoginKey, davLoginLimit, parseBasicAuth } from '../../../server/src/dav/auth';
import { slidingWindowDecision } from '../../../server/src/throttle/sliding-window';
import { parseSyncToken, syncTokenUri } from '../../../server/src/dav/reports/sync-token';
import { parsePropfindBody, selectProps } from '../../../server/src/dav/methods/propfind';
import { representationFromAccept } from '../../../server/src/dav/methods/get';

describe('XML parsing', () => {
  it('reads elements by namespace, whatever the prefix', () => {
    const root = parseXml('<A:propfind xmlns:A="DAV:"><A:prop><B:x xmlns:B="urn:b">t</B:x></A:prop></A:propfind>');
    expect(root.name).toBe('{DAV:}propfind');
    expect(root.children[0].children[0]).toMatchObject({ name: '{urn:b}x', text: 't' });
  });

  it('reads the default namespace, attributes without their xmlns declarations, entities and CDATA as text', () => {
    const root = parseXml(
      '<?xml version="1.0" encoding="utf-8"?>\n<filter xmlns="urn:ietf:params:xml:ns:caldav" xmlns:x="urn:x">' +
        '<text-match collation="i;unicode-casemap" x:extra="1">M&amp;M &lt;3 <![CDATA[a<b]]></text-match></filter>',
    );
    expect(root.name).toBe('{urn:ietf:params:xml:ns:caldav}filter');
    expect(root.attrs).toEqual({});
    expect(root.children[0]).toMatchObject({
      name: '{urn:ietf:params:xml:ns:caldav}text-match',
      attrs: { collation: 'i;unicode-casemap', extra: '1' },
      text: 'M&M <3 a<b',
    });
  });

  it('accepts whitespace or a byte order mark before the XML declaration', () => {
    const body = '<?xml version="1.0" encoding="utf-8"?>\n<d:propfind xmlns:d="DAV:"><d:allprop/></d:propfind>';
    expect(parseXml(`\r\n  ${body}`).name).toBe('{DAV:}propfind');
    expect(parseXml(`\uFEFF${body}`).name).toBe('{DAV:}propfind');
  });

  it('names where a body is malformed', () => {
    expect(() => parseXml('<d:a xmlns:d="DAV:">\n  <d:b></d:a>')).toThrow(/malformed XML: 2:\d+: /);
  });

  it.each([
    '<!DOCTYPE foo><foo/>',
    '<d:a xmlns:d="DAV:"/><d:b xmlns:d="DAV:"/>',
    '<u:a/>',
    '<a x="1" x="2"/>',
    '<a>&undefined;</a>',
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><lolz>&lol2;</lolz>',
    '<!ENTITY x "y"><a/>',
    '<d:a xmlns:d="DAV:"><d:b></d:a>',
    '',
    'not xml at all',
  ])('rejects %p', (body) => {
    expect(() => parseXml(body)).toThrow(XmlParseError);
  });
});

describe('multistatus builders', () => {
  it('escapes text and hrefs', () => {
    expect(escapeText(`<a href="x">&'`)).toBe(`&lt;a href="x"&gt;&amp;'`);
    expect(escapeAttr(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(escapeText('"etag-1"')).toBe('"etag-1"');
    const xml = multistatus([statusResponse('/dav/a&b<c>', 404)]);
    expect(xml).toContain('<d:href>/dav/a&amp;b&lt;c&gt;</d:href>');
  });

  it('puts the 404 propstat after the 200 one and declares foreign namespaces', () => {
    const xml = multistatus([propstatResponse('/x/', [[dav('displayname'), 'X']], ['{urn:other}thing'])]);
    expect(xml.indexOf('200 OK')).toBeLessThan(xml.indexOf('404 Not Found'));
    expect(xml).toContain('<x:thing xmlns:x="urn:other"/>');
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<d:multistatus xmlns:d="DAV:"/);
  });

  it('serializes big documents in chunks of about 32K characters that join to the whole document', () => {
    const responses = Array.from({ length: 400 }, (_, i) =>
      propstatResponse(`/dav/x/${i}.vcf`, [[dav('getetag'), `"etag-${i}"`]]),
    );
    const chunks = multistatusChunks(responses, 'http://akte.local/sync/9');
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.length).toBeGreaterThanOrEqual(32_768);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(32_768 + 1_000);
    expect(chunks.join('')).toBe(multistatus(responses, 'http://akte.local/sync/9'));
    expect(multistatusChunks([el(dav('response'))])).toHaveLength(1);
  });

  it('appends the sync-token after the responses', () => {
    const xml = multistatus([el(dav('response'))], 'http://akte.local/sync/3');
    expect(xml).toContain('<d:response/><d:sync-token>http://akte.local/sync/3</d:sync-token>');
  });
});

describe('resolveDavPath', () => {
  it('resolves the URL scheme', () => {
    expect(resolveDavPath('/dav/')).toEqual({ ok: true, path: { type: 'root' } });
    expect(resolveDavPath('/dav')).toEqual({ ok: true, path: { type: 'root' } });
    expect(resolveDavPath('/dav/principals/a%40b.de/')).toEqual({
      ok: true,
      path: { type: 'principal', user: 'a@b.de' },
    });
    expect(resolveDavPath('http://host:1/dav/addressbooks/a@b.de/customers/x%20y.vcf')).toEqual({
      ok: true,
      path: { type: 'item', home: 'addressbooks', user: 'a@b.de', collection: 'customers', item: 'x y.vcf' },
    });
    expect(resolveDavPath('/dav/calendars/a@b.de/')).toEqual({
      ok: true,
      path: { type: 'home', home: 'calendars', user: 'a@b.de' },
    });
  });

  it.each([
    ['/dav/addressbooks/u/customers/..', 400],
    ['/dav/addressbooks/u/%2e%2e/x', 400],
    ['/dav/addressbooks/u/customers/%252e%252e', 400],
    ['/dav/addressbooks/u/customers/a%2fb', 400],
    ['/dav/addressbooks/u/customers/a%5cb', 400],
    ['/dav/addressbooks/u/customers/a%00b', 400],
    ['/dav/addressbooks/u/customers/%c0%ae%c0%ae', 400],
    ['/dav/addressbooks/u/customers/%zz', 400],
    [`/dav/addressbooks/u/customers/${'x'.repeat(256)}`, 400],
    [`/dav/${'a/'.repeat(600)}`, 400],
    ['/dav/addressbooks/u//x', 404],
    ['/dav/addressbooks/u/c/i/deeper', 404],
    ['/etc/passwd', 404],
    ['/dav/unknown/u/', 404],
  ])('refuses %s with %i', (p, status) => {
    const result = resolveDavPath(p);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.status).toBe(status);
  });

  it('decodes a segment exactly once', () => {
    expect(decodeSegment('%41')).toEqual({ ok: true, value: 'A' });
    expect(decodeSegment('%2541').ok).toBe(false);
  });
});

describe('plainItemNameBelow (the multiget fast path)', () => {
  const book = collectionHref('addressbooks', 'a@b.de', 'customers');
  it.each([
    '/dav/addressbooks/a@b.de/customers/card-1.vcf',
    "/dav/addressbooks/a@b.de/customers/x!$&'()*+,;=:@~.vcf",
    '/dav/addressbooks/a@b.de/customers/..',
    '/dav/addressbooks/a@b.de/customers/.',
    '/dav/addressbooks/a@b.de/customers/%2e%2e',
    '/dav/addressbooks/a@b.de/customers/x%20y.vcf',
    '/dav/addressbooks/a@b.de/customers/a/b.vcf',
    '/dav/addressbooks/a@b.de/customers/x.vcf?y=1',
    '/dav/addressbooks/a@b.de/customers/',
    `/dav/addressbooks/a@b.de/customers/${'x'.repeat(256)}`,
    '/dav/addressbooks/A@B.DE/customers/card-1.vcf',
    'http://host/dav/addressbooks/a@b.de/customers/card-1.vcf',
    '/dav/addressbooks/a@b.de/customersX/card-1.vcf',
  ])('gives what full resolution gives, or leaves %s to it', (href) => {
    const name = plainItemNameBelow(book, href);
    if (name === null) return;
    expect(resolveDavPath(href)).toEqual({
      ok: true,
      path: { type: 'item', home: 'addressbooks', user: 'a@b.de', collection: 'customers', item: name },
    });
  });

  it('takes the plain hrefs a listing hands out, and nothing else', () => {
    expect(plainItemNameBelow(book, `${book}card-1.vcf`)).toBe('card-1.vcf');
    for (const odd of ['..', '.', '%2e%2e', 'x%20y.vcf', 'a/b.vcf', 'x.vcf?y=1', '', 'x'.repeat(256)])
      expect(plainItemNameBelow(book, `${book}${odd}`)).toBeNull();
    expect(plainItemNameBelow(book, 'http://host' + book + 'card-1.vcf')).toBeNull();
  });
});

describe('preconditions', () => {
  it('If-None-Match: * fails only when the resource exists', () => {
    expect(checkPreconditions(null, { ifNoneMatch: '*' }).ok).toBe(true);
    expect(checkPreconditions('"a"', { ifNoneMatch: '*' }).ok).toBe(false);
  });

  it('If-Match compares strongly', () => {
    expect(checkPreconditions('"a"', { ifMatch: '"a"' }).ok).toBe(true);
    expect(checkPreconditions('"a"', { ifMatch: '"b", "a"' }).ok).toBe(true);
    expect(checkPreconditions('"a"', { ifMatch: 'W/"a"' }).ok).toBe(false);
    expect(checkPreconditions('"a"', { ifMatch: '"b"' }).ok).toBe(false);
    expect(checkPreconditions(null, { ifMatch: '*' }).ok).toBe(false);
    expect(checkPreconditions('"a"', {}).ok).toBe(true);
  });
});

describe('Basic auth', () => {
  const basic = (s: string) => 'Basic ' + Buffer.from(s).toString('base64');
  it('URL-decodes the user name and keeps colons in the password', () => {
    expect(parseBasicAuth(basic('a%40b.de:tok:en'))).toEqual({ username: 'a@b.de', password: 'tok:en' });
    expect(parseBasicAuth(basic('100%:x'))).toEqual({ username: '100%', password: 'x' });
    expect(parseBasicAuth('Bearer x')).toBeNull();
    expect(parseBasicAuth(basic('nocolon'))).toBeNull();
    expect(parseBasicAuth(undefined)).toBeNull();
  });

  it('refuses a failure beyond the limit until the counts leave room (the decision on the shared counts)', () => {
    const { max, windowMs } = DAV_LOGIN_LIMIT;
    const start = 2_000_000 * windowMs;
    // The count includes the failure being decided: the tenth is answered 401, the eleventh 429.
    expect(slidingWindowDecision({ previous: 0, current: max }, start + 15_000, windowMs, max)).toEqual({
      allowed: true,
    });
    expect(slidingWindowDecision({ previous: 0, current: max + 1 }, start + 15_000, windowMs, max)).toEqual({
      allowed: false,
      retryAfterSeconds: windowMs / 1000 - 15,
    });
    // Two windows later nothing is left of them.
    expect(slidingWindowDecision({ previous: 0, current: 1 }, start + 2 * windowMs, windowMs, max)).toEqual({
      allowed: true,
    });
  });

  it('keys failures on the user name and the client address, the name normalized like a login address', () => {
    expect(davLoginKey(' Own@Example.test', '10.0.0.1')).toBe(davLoginKey('own@example.test', '10.0.0.1'));
    expect(davLoginKey('own@example.test', '10.0.0.1')).not.toBe(davLoginKey('own2@example.test', '10.0.0.1'));
    expect(davLoginKey('own@example.test', '10.0.0.1')).not.toBe(davLoginKey('own@example.test', '10.0.0.2'));
    expect(davLoginLimit('mailto:Own@Example.test', '10.0.0.1')).toEqual({
      kind: 'dav-login',
      subject: 'own@example.test|10.0.0.1',
      max: 10,
      windowMs: 15 * 60_000,
    });
  });
});

describe('sync tokens, PROPFIND bodies, Accept', () => {
  it('round-trips tokens and refuses foreign ones', () => {
    expect(parseSyncToken(syncTokenUri(42))).toBe(42);
    expect(parseSyncToken('')).toBe(0);
    expect(parseSyncToken('http://akte.local/sync/-1')).toBeNull();
    expect(parseSyncToken('urn:x')).toBeNull();
  });

  it('reads prop / allprop / propname and selects properties', () => {
    expect(parsePropfindBody('')).toEqual({ kind: 'allprop' });
    expect(parsePropfindBody('<propfind xmlns="DAV:"><propname/></propfind>')).toEqual({ kind: 'propname' });
    const request = parsePropfindBody('<propfind xmlns="DAV:"><prop><getetag/><foo xmlns="urn:x"/></prop></propfind>');
    const selected = selectProps(new Map([[dav('getetag'), '"e"']]), request);
    expect(selected).toEqual({ found: [[dav('getetag'), '"e"']], missing: ['{urn:x}foo'] });
  });

  it('reads the vCard version from Accept', () => {
    expect(representationFromAccept('text/vcard; version=4.0')).toEqual({ contentType: 'text/vcard', version: '4.0' });
    expect(representationFromAccept('*/*')).toEqual({});
  });
});
