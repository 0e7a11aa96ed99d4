import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseRawEmail } from '../../../server/src/filing/parse-mime';
import { parseHeaderEmail } from '../../../server/src/gateway/header-email';
import { mail } from './support';

/**
 * Header screening reads a header block with header-email.ts instead of mailparser's whole MIME parser (issue #14):
 * it must tell routing the very facts parseRawEmail tells for the same block, or screening would route otherwise
 * than the transaction.
 */
const FIXTURES = '/work/shared/fixtures/email';

/** What BODY.PEEK[HEADER] returns: the header block and the empty line that ends it. */
function headerOf(source: Buffer): Buffer {
  const crlf = source.indexOf('\r\n\r\n');
  const lf = source.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return source.subarray(0, crlf + 4);
  return lf >= 0 ? source.subarray(0, lf + 2) : source;
}

const blocks: Array<[string, string]> = [
  [
    'encoded words, groups, repeated To, punycode, folded References',
    [
      'From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.de>',
      'From: second@example.de',
      'To: Team: a@example.com, "B, Bee" <b@example.com>;, c@xn--mller-kva.de',
      'To: =?ISO-8859-1?Q?Andr=E9?= <andre@example.fr>',
      'Cc: undisclosed-recipients:;',
      'Cc: =?utf-8?q?=3Dx=40evil=2Ecom?= <d@example.com>, =?utf-8?b?ZUBleGFtcGxlLmNvbQ==?=',
      'Subject: =?UTF-8?Q?Angebot_f=C3=BCr_?=',
      ' =?UTF-8?Q?Gr=C3=B6=C3=9Fe?=   ',
      'Message-ID: bare-id@example.com',
      'In-Reply-To: <one@example.com> <two@example.com>',
      'References: <r1@example.com>',
      '\t<r2@example.com>',
      'References: r3@example.com <r1@example.com>',
      'Date: Tue, 1 Dec 2026 09:15:00 -0500 (EST)',
      '',
      '',
    ].join('\r\n'),
  ],
  [
    'bare LF, 8-bit UTF-8 name, no Message-ID, empty Subject, an empty Date before a real one',
    [
      'From: Zoë Ærø <zoe@example.no>',
      'To: x@example.com',
      'Subject:',
      'Date:',
      'Date: Wed, 2 Dec 2026 10:00:00 +0000',
      '',
      '',
    ].join('\n'),
  ],
  [
    'mbox preamble, invalid date',
    ['From sender@example.com Mon Nov 30 10:00:00 2026', 'From: s@example.com', 'Date: yesterday', '', ''].join('\r\n'),
  ],
  ['only an empty address field', 'To:\r\n\r\n'],
  ['no header field', 'just text\r\n\r\n'],
  ['empty', ''],
  ['NUL byte', 'From: a@example.com\r\nSubject: a\u0000b\r\n\r\n'],
];

/** A missing or unreadable Date is "now" for both: equal within the test's run, not to the millisecond. */
async function facts(parse: () => unknown): Promise<unknown> {
  try {
    const email = (await parse()) as { date: Date };
    const now = Math.abs(email.date.getTime() - Date.now()) < 60_000;
    return { ...email, date: now ? 'now' : email.date.toISOString() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

async function expectSameFacts(source: Buffer): Promise<void> {
  const block = headerOf(source);
  expect(await facts(() => parseHeaderEmail(block))).toEqual(await facts(() => parseRawEmail(block)));
}

describe('parseHeaderEmail (header screening) tells what parseRawEmail tells', () => {
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.eml'));

  it('has fixtures to compare', () => expect(files.length).toBeGreaterThan(0));

  it.each(files)('fixture %s', async (name) => expectSameFacts(readFileSync(join(FIXTURES, name))));

  it.each(blocks)('%s', async (_, text) => expectSameFacts(Buffer.from(text, 'utf8')));

  it('the gateway tests’ generated messages', async () => {
    const sources = [
      mail({ from: 'Kunde <kunde@example.com>', to: 'sales@akte.test' }),
      mail({
        from: 'a@example.com',
        to: 'b@example.com, c@example.com',
        inReplyTo: '<prev@mail.test>',
        subject: 'Re: Ä',
      }),
      mail({
        from: 'x@example.com',
        to: 'y@example.com',
        headers: ['Auto-Submitted: no'],
        attachment: { name: 'a.pdf', content: 'pdf' },
      }),
    ];
    for (const source of sources) await expectSameFacts(Buffer.from(source));
  });

  it('reads only the header block of a whole message', async () => {
    const source = Buffer.from(mail({ from: 'a@example.com', to: 'b@example.com', body: 'To: c@example.com\r\n' }));
    expect(parseHeaderEmail(source).to).toEqual([{ address: 'b@example.com', name: null }]);
  });
});
