import { contactCodec } from '../../../sync-engine/src/codecs/contact-codec';
import { contentHash, remoteContentChanged } from '../../../sync-engine/src/engine/content-hash';

describe('contentHash', () => {
  const codec = contactCodec();
  const card = (extra: string[], order: 'ab' | 'ba' = 'ab') =>
    [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'UID:anna',
      'FN:Anna Berg',
      ...(order === 'ab'
        ? ['EMAIL;TYPE=work:anna@berg.de', 'EMAIL;TYPE=home:anna@home.de']
        : ['EMAIL;TYPE=home:anna@home.de', 'EMAIL;TYPE=work:anna@berg.de']),
      ...extra,
      'END:VCARD',
      '',
    ].join('\r\n');
  const hashOf = (body: string) => {
    const { uid, fields } = codec.decode(body);
    return contentHash(uid, fields);
  };

  it('ignores what servers rewrite: REV, PRODID, the order of lines', () => {
    const plain = hashOf(card([]));
    expect(hashOf(card(['REV:20260101T000000Z', 'PRODID:-//Server//EN']))).toBe(plain);
    expect(hashOf(card([], 'ba'))).toBe(plain);
    expect(remoteContentChanged(plain, hashOf(card(['REV:20270101T000000Z'])))).toBe(false);
  });

  it('changes with what the record says', () => {
    expect(hashOf(card(['NOTE:called']))).not.toBe(hashOf(card([])));
    expect(contentHash('a', { x: 'y' })).not.toBe(contentHash('b', { x: 'y' }));
  });
});
