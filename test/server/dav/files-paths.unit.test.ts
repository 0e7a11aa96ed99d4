import { filesHref, isWithin, resolveDestination, resolveFilesPath } from '../../../server/src/dav/files/paths';
import {
  assignDocumentNames,
  mediaTypeFor,
  parseRecordFolderName,
  recordFolderName,
} from '../../../server/src/dav/files/names';
import { parseCopyDepth, parseOverwrite } from '../../../server/src/dav/files/methods/copy-move';
import { parseInstructions } from '../../../server/src/dav/files/methods/proppatch';
import { decodePropertyValue, encodePropertyValue } from '../../../server/src/dav/files/dead-props';
import { isMediaType } from '../../../server/src/domain/documents/names';
import { parseXml } from '../../../server/src/dav/xml/parse';

describe('record folder names', () => {
  it('are "<Kind> <id> - <title>" with characters desktops cannot show replaced', () => {
    expect(recordFolderName('partner', 12, 'Müller GmbH')).toBe('Partner 12 - Müller GmbH');
    expect(recordFolderName('lead', 7, 'A/B: "C"?*<>|\\ D')).toBe('Opportunity 7 - A B C D');
    expect(recordFolderName('partner', 3, '  ...  ')).toBe('Partner 3');
    expect(recordFolderName('partner', 4, 'Ends with dot.')).toBe('Partner 4 - Ends with dot');
    expect(recordFolderName('partner', 5, 'x'.repeat(300))).toHaveLength('Partner 5 - '.length + 80);
  });

  it('resolve by number whatever the label, and nothing else resolves', () => {
    expect(parseRecordFolderName('Partner 12 - Müller GmbH')).toEqual({ recordType: 'partner', recordId: 12 });
    expect(parseRecordFolderName('Partner 12 - renamed since')).toEqual({ recordType: 'partner', recordId: 12 });
    expect(parseRecordFolderName('Partner 12')).toEqual({ recordType: 'partner', recordId: 12 });
    expect(parseRecordFolderName('Opportunity 7')).toEqual({ recordType: 'lead', recordId: 7 });
    expect(parseRecordFolderName('Lead 7 - x')).toEqual({ recordType: 'lead', recordId: 7 });
    for (const bad of [
      'Partner 012',
      'Partner 0',
      'partner 12',
      'Partner 12x',
      'Partner 99999999999',
      'Partner -1',
      'Other 1',
    ]) {
      expect(parseRecordFolderName(bad)).toBeNull();
    }
  });
});

describe('document names in a folder', () => {
  it('keep the oldest name and show later duplicates with their id', () => {
    const names = assignDocumentNames(
      ['Sub'],
      [
        { id: 9, name: 'Offer.pdf' },
        { id: 3, name: 'Offer.pdf' },
        { id: 4, name: 'Sub' },
        { id: 5, name: 'README' },
      ],
    );
    expect(Object.fromEntries(names)).toEqual({ 3: 'Offer.pdf', 9: 'Offer (9).pdf', 4: 'Sub (4)', 5: 'README' });
  });

  it('take the media type from the header unless it is missing or generic', () => {
    expect(mediaTypeFor('a.pdf', undefined, isMediaType)).toBe('application/pdf');
    expect(mediaTypeFor('a.docx', 'application/octet-stream', isMediaType)).toMatch(/wordprocessingml/);
    expect(mediaTypeFor('a.bin', 'image/png', isMediaType)).toBe('image/png');
    expect(mediaTypeFor('noext', 'not a type', isMediaType)).toBe('application/octet-stream');
  });
});

describe('file tree paths', () => {
  it('decode each segment once and refuse traversal, double encoding, fragments and control characters', () => {
    expect(resolveFilesPath('/dav/files/')).toEqual({ ok: true, segments: [] });
    expect(resolveFilesPath('/dav/files')).toEqual({ ok: true, segments: [] });
    expect(resolveFilesPath('/dav/files/Partner%201%20-%20A/sub/x%20y.pdf')).toEqual({
      ok: true,
      segments: ['Partner 1 - A', 'sub', 'x y.pdf'],
    });
    // macOS sends decomposed umlauts: they resolve to the same (composed) name.
    expect(resolveFilesPath('/dav/files/P/Mu%CC%88ller')).toEqual({ ok: true, segments: ['P', 'Müller'] });
    for (const bad of [
      '/dav/files/a/..',
      '/dav/files/a/%2e%2e/b',
      '/dav/files/%252e%252e/',
      '/dav/files/a%2fb',
      '/dav/files/a%5cb',
      '/dav/files/%00',
      '/dav/files/%c0%ae',
      '/dav/files/a#b',
      '/dav/files/%zz',
    ]) {
      expect(resolveFilesPath(bad)).toMatchObject({ ok: false, status: 400 });
    }
    expect(resolveFilesPath('/dav/files/a//b')).toMatchObject({ ok: false, status: 404 });
    expect(resolveFilesPath('/dav/filesX/a')).toMatchObject({ ok: false, status: 404 });
  });

  it('check COPY/MOVE destinations: same host, inside the tree', () => {
    expect(resolveDestination('http://h:1/dav/files/P/x', 'h:1')).toEqual({ ok: true, segments: ['P', 'x'] });
    expect(resolveDestination('/dav/files/P/x', 'h:1')).toEqual({ ok: true, segments: ['P', 'x'] });
    expect(resolveDestination('http://other/dav/files/P/x', 'h:1')).toMatchObject({ ok: false, status: 502 });
    expect(resolveDestination('http://h:1/dav/addressbooks/u/', 'h:1')).toMatchObject({ ok: false, status: 403 });
    expect(resolveDestination('http://h:1/dav/files/P/%2e%2e/x', 'h:1')).toMatchObject({ ok: false, status: 400 });
    expect(resolveDestination(undefined, 'h:1')).toMatchObject({ ok: false, status: 400 });
    expect(resolveDestination('relative/x', 'h:1')).toMatchObject({ ok: false, status: 400 });
  });

  it('build canonical hrefs and detect a collection copied into itself', () => {
    expect(filesHref(['Partner 1 - Ä', 'a b'], true)).toBe('/dav/files/Partner%201%20-%20%C3%84/a%20b/');
    expect(filesHref([], true)).toBe('/dav/files/');
    expect(isWithin(['P', 'a', 'b'], ['P', 'a'])).toBe(true);
    expect(isWithin(['P', 'ab'], ['P', 'a'])).toBe(false);
  });
});

describe('COPY/MOVE headers', () => {
  it('parse Overwrite and Depth per RFC 4918 §10.6, §9.8.3, §9.9.2', () => {
    expect(parseOverwrite(undefined)).toBe(true);
    expect(parseOverwrite('F')).toBe(false);
    expect(() => parseOverwrite('maybe')).toThrow(/Overwrite/);
    expect(parseCopyDepth(undefined, false)).toBe('infinity');
    expect(parseCopyDepth('0', false)).toBe('zero');
    expect(() => parseCopyDepth('1', false)).toThrow();
    expect(() => parseCopyDepth('0', true)).toThrow();
  });
});

describe('PROPPATCH instructions and dead property values', () => {
  it('keep document order of set and remove', () => {
    const body = `<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:z"><D:remove><D:prop><Z:a/></D:prop></D:remove><D:set><D:prop><Z:a>1</Z:a><Z:b>2</Z:b></D:prop></D:set></D:propertyupdate>`;
    expect(parseInstructions(body).map((i) => [i.op, i.property.name])).toEqual([
      ['remove', '{urn:z}a'],
      ['set', '{urn:z}a'],
      ['set', '{urn:z}b'],
    ]);
    expect(() => parseInstructions('<D:propfind xmlns:D="DAV:"/>')).toThrow();
  });

  it('round-trip text and element values with their namespaces', () => {
    const text = parseXml('<x:p xmlns:x="urn:x">value \u{10000}</x:p>');
    expect(decodePropertyValue(encodePropertyValue(text))).toBe('value \u{10000}');
    const tree = parseXml('<x:p xmlns:x="urn:x"><foo xmlns="bar" a="1"><y:z xmlns:y="urn:y">t</y:z></foo></x:p>');
    expect(decodePropertyValue(encodePropertyValue(tree))).toEqual([
      {
        name: '{bar}foo',
        attrs: { a: '1' },
        children: [{ name: '{urn:y}z', attrs: undefined, children: undefined, text: 't' }],
        text: undefined,
      },
    ]);
  });
});
