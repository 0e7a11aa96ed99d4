import { createHash } from 'node:crypto';
import { normalizeEmail } from '@akte/core';
import { messageContentHash, type MessageContent } from '../../../server/src/domain/messages/content-hash';
import { normalizeMessageId } from '../../../server/src/domain/messages/message-id';

/**
 * The fingerprint as first defined ('akte-message-content/1'), written out plainly: hashes already stored on
 * messages were made this way, so the faster encoding in content-hash.ts must give the same digest for every input,
 * or filing would stop merging copies of mail stored before it.
 */
function referenceHash(content: MessageContent): string {
  const address = (mailbox: { address: string }) => normalizeEmail(mailbox.address) || mailbox.address.trim();
  const addressSet = (list: readonly { address: string }[] = []) => [...new Set(list.map(address))].sort();
  const strip = (text: string) => text.normalize('NFC').replace(/(?:\s|\u200b|\u200c|\u200d|\ufeff)+/g, '');
  const body = content.bodyHtml ? content.bodyHtml.replace(/<[^>]*>/g, ' ') : (content.bodyText ?? '');
  const fingerprint = [
    'akte-message-content/1',
    normalizeMessageId(content.messageId),
    content.fromAddress ? address({ address: content.fromAddress }) : '',
    addressSet(content.toJson),
    addressSet(content.ccJson),
    strip(content.subject ?? ''),
    strip(body),
  ];
  return createHash('sha256').update(JSON.stringify(fingerprint)).digest('hex');
}

const base: MessageContent = {
  messageId: '<a-1@example.test>',
  fromAddress: 'Anna@Example.test',
  toJson: [{ address: 'b@example.test', name: 'B' }],
  ccJson: [],
  subject: 'Angebot  Wärmepumpe',
  bodyText: null,
  bodyHtml: null,
};

describe('messageContentHash keeps the digests of stored messages', () => {
  it('equals the first definition for a body holding every code point of the Basic Multilingual Plane', () => {
    // In blocks, so a character JSON escapes (and the slow path it takes) does not hide the others in its block.
    for (let start = 0; start < 0x10000; start += 0x400) {
      let text = '';
      for (let c = start; c < start + 0x400; c++) text += `${String.fromCharCode(c)}x `;
      const content = { ...base, bodyText: text };
      expect([start, messageContentHash(content)]).toEqual([start, referenceHash(content)]);
    }
  });

  it('equals it for text that JSON escapes, surrogate pairs, decomposed umlauts and HTML', () => {
    const bodies = [
      'Grüße\r\n\tund\u00a0Dank\u2028\u3000😀 ok',
      'a "quoted" \\ back\u0008slash\u0001',
      'lone \ud800 high and \udc00 low, pair at the end 😀',
      'a\u0308 o\u0308 u\u0308 (decomposed, NFC composes them) a \u0308',
      '\u200b\u200c\u200d\ufeff\u180e\u0085',
      '',
      `${'Termin morgen bitte '.repeat(50_000)}Ende`,
    ];
    for (const bodyText of bodies) {
      const content = { ...base, bodyText };
      expect(messageContentHash(content)).toBe(referenceHash(content));
    }
    const html = { ...base, bodyHtml: '<p>Hallo&nbsp;<b>Welt</b></p>\n<p>"zwei"</p>', bodyText: 'ignored' };
    expect(messageContentHash(html)).toBe(referenceHash(html));
  });
});
