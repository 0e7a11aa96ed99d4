import type { Actor } from '../../../server/src/access/actor';
import { messageContentHash } from '../../../server/src/domain/messages/content-hash';
import { decideMessageIdentity } from '../../../server/src/domain/messages/identity';
import { prepareMessage } from '../../../server/src/domain/messages/service';
import { parseRawEmail } from '../../../server/src/filing/parse-mime';
import { toMessageInput } from '../../../server/src/filing/prepare-email';
import { asReceived, fromExchange } from './identity-mails';

const actor: Actor = { userId: 7, email: 'own@example.test', name: 'Otto Eigen', role: 'own', teamIds: [] };

async function contentHashOf(raw: string): Promise<string> {
  const email = await parseRawEmail(Buffer.from(raw));
  return prepareMessage(actor, toMessageInput(actor, email)).contentHash;
}

const replaceBody = (raw: string, from: string, to: string) => {
  expect(raw).toContain(from);
  return raw.split(from).join(to);
};

describe('messageContentHash: the content a filer must hold to merge into a stored message', () => {
  it('is the same for one mail as received (Thunderbird, IMAP) and as Exchange regenerates it (Outlook)', async () => {
    expect(await contentHashOf(fromExchange)).toBe(await contentHashOf(asReceived));
  });

  it('differs when anything a reader sees differs, however the Message-ID and headers agree', async () => {
    const original = await contentHashOf(asReceived);
    // A dummy carrying a Message-ID copied from a reply's References.
    const dummy = ['Message-ID: <conf-42@kunde.example>', 'From: own2@example.test', 'Subject: hi', '', 'x'].join('\n');
    expect(await contentHashOf(dummy)).not.toBe(original);
    // Every header copied from the reply, the body guessed.
    const guessed = replaceBody(asReceived, '480.000 EUR', '500.000 EUR');
    expect(await contentHashOf(guessed)).not.toBe(original);
    const otherSubject = replaceBody(asReceived, 'Preise_f=C3=BCr_2026', 'Preise_f=C3=BCr_2027');
    expect(await contentHashOf(otherSubject)).not.toBe(original);
    const otherRecipient = replaceBody(asReceived, 'Cc: chef@kunde.example', 'Cc: chef@other.example');
    expect(await contentHashOf(otherRecipient)).not.toBe(original);
    // Headers only: the body left out is not "the same body".
    const headersOnly = asReceived.slice(0, asReceived.indexOf('Content-Type: multipart')) + '\n';
    expect(await contentHashOf(headersOnly)).not.toBe(original);
  });

  it('reads a text-only mail by its text, whitespace and Unicode composition aside', () => {
    const base = {
      messageId: '<t@x>',
      fromAddress: 'A@X.example',
      toJson: [{ address: 'b@x.example' }, { address: 'c@x.example', name: 'C' }],
      ccJson: [],
      subject: 'Grüße',
      bodyText: 'Zeile eins\nZeile zwei',
      bodyHtml: null,
    };
    const same = {
      ...base,
      fromAddress: 'a@x.example',
      toJson: [{ address: 'C@x.example' }, { address: 'b@x.example', name: 'Bea' }],
      subject: ' Gru\u0308ße ',
      bodyText: 'Zeile eins\r\nZeile \r\nzwei\r\n',
    };
    expect(messageContentHash(same)).toBe(messageContentHash(base));
    expect(messageContentHash({ ...base, bodyText: 'Zeile eins' })).not.toBe(messageContentHash(base));
    expect(messageContentHash({ ...base, messageId: '<u@x>' })).not.toBe(messageContentHash(base));
    expect(messageContentHash({ ...base, ccJson: [{ address: 'b@x.example' }] })).not.toBe(messageContentHash(base));
  });
});

describe('decideMessageIdentity', () => {
  it('merges only into a stored message with the same content', () => {
    expect(decideMessageIdentity('h1', [])).toEqual({ action: 'store', conflict: false });
    expect(decideMessageIdentity('h1', [{ id: 4, contentHash: 'h1' }])).toEqual({ action: 'merge', id: 4 });
    expect(decideMessageIdentity('h2', [{ id: 4, contentHash: 'h1' }])).toEqual({ action: 'store', conflict: true });
    // Several copies under one id (an earlier conflict): the one with the caller's content, wherever it is.
    expect(
      decideMessageIdentity('h2', [
        { id: 9, contentHash: 'h2' },
        { id: 4, contentHash: 'h1' },
      ]),
    ).toEqual({ action: 'merge', id: 9 });
  });
});
