import { codeFromLanding, connectUrl } from '../../core/src/filing-client/connection';
import { threadMembers, threadSubject } from '../../thunderbird-extension/src/lib/conversation';
import { mailboxOf, mailItemOf, messageIdsIn } from '../../thunderbird-extension/src/lib/mail-item';
import { sentMailTargets } from '../../thunderbird-extension/src/lib/sent-mail-targets';
import { originPattern } from '../../thunderbird-extension/src/lib/origin';
import { kimLookup } from '../addin/fake-api';

/** The Thunderbird extension's pure decisions: headers to MailItem, threads, pairing landing, sent-mail targets. */
describe('Thunderbird headers as the shared MailItem', () => {
  it('reads name-addr and addr-spec authors (RFC 5322 §3.4)', () => {
    expect(mailboxOf('Kim Kunde <Kim@Kunde.example>')).toEqual({ address: 'kim@kunde.example', name: 'Kim Kunde' });
    expect(mailboxOf('"Kunde, Kim" <kim@kunde.example>')).toEqual({ address: 'kim@kunde.example', name: 'Kunde, Kim' });
    expect(mailboxOf('kim@kunde.example')).toEqual({ address: 'kim@kunde.example' });
    expect(mailboxOf('Undisclosed recipients')).toBeNull();
  });

  it('brackets the Message-ID Thunderbird keeps bare, and takes threading from In-Reply-To/References', () => {
    const item = mailItemOf(
      {
        id: 12,
        subject: 'Angebot',
        author: 'Kim Kunde <kim@kunde.example>',
        recipients: ['Alice <alice@akte.test>', 'bad'],
        ccList: [],
        date: new Date('2025-03-01T10:00:00Z'),
        headerMessageId: 'm2@kunde.example',
      },
      { inReplyTo: '<m1@kunde.example>', references: '<m0@kunde.example>\r\n <m1@kunde.example>' },
    );
    expect(item).toMatchObject({
      itemId: '12',
      internetMessageId: '<m2@kunde.example>',
      to: [{ address: 'alice@akte.test', name: 'Alice' }],
      inReplyTo: '<m1@kunde.example>',
      references: ['<m0@kunde.example>', '<m1@kunde.example>'],
      date: '2025-03-01T10:00:00.000Z',
    });
    expect(messageIdsIn(undefined)).toEqual([]);
  });
});

describe('conversations', () => {
  const item = (id: string, refs: string[] = [], date = id) => ({
    itemId: id,
    internetMessageId: `<${id}@x>`,
    subject: 's',
    from: null,
    to: [],
    cc: [],
    date,
    inReplyTo: refs.at(-1) ?? null,
    references: refs,
  });

  it('finds ancestors and descendants of the message, through replies to replies, and nothing else', () => {
    const root = item('a');
    const reply = item('b', ['<a@x>']);
    const replyToReply = item('c', ['<b@x>']);
    const unrelated = item('d', ['<z@x>']);
    expect(threadMembers(reply, [replyToReply, unrelated, root]).map((m) => m.itemId)).toEqual(['a', 'b', 'c']);
  });

  it('strips reply and forward prefixes to find candidates by subject', () => {
    expect(threadSubject('AW: Re: [akte] Fwd: Kalender-Projekt')).toBe('Kalender-Projekt');
    expect(threadSubject('Re[2]: Angebot')).toBe('Angebot');
  });
});

describe('pairing in Thunderbird', () => {
  const landing = 'https://crm.example.com/addin/connected.html';

  it('asks the server for a Thunderbird token and reads the code from the landing page only', () => {
    expect(new URL(connectUrl('https://crm.example.com/', 'Linux', 'thunderbird')).searchParams.get('client')).toBe(
      'thunderbird',
    );
    expect(codeFromLanding(`${landing}?code=v1.abc.def`, landing)).toEqual({ code: 'v1.abc.def' });
    expect(codeFromLanding(`${landing}?error=access_denied`, landing)).toEqual({ error: 'access_denied' });
    expect(codeFromLanding('https://crm.example.com/addin/connect?code=x', landing)).toBeNull();
    expect(codeFromLanding('https://evil.example/addin/connected.html?code=x', landing)).toBeNull();
  });

  it('asks for the server origin on any port (match patterns have no ports)', () => {
    expect(originPattern('http://127.0.0.1:8080/')).toBe('http://127.0.0.1/*');
  });
});

describe('filing sent mail', () => {
  it('files on contacts known by a recipient address, never on the sender or a never-logged one', () => {
    const lookup = kimLookup({
      participants: [
        { email: 'otto@akte.example', name: null, role: 'from', neverLog: false, partnerIds: [9] },
        { email: 'kim@kunde.example', name: 'Kim', role: 'to', neverLog: false, partnerIds: [5, 4] },
      ],
    });
    expect(sentMailTargets(lookup)).toEqual([{ recordType: 'partner', recordId: 5 }]);
    expect(sentMailTargets({ ...lookup, neverLog: true })).toEqual([]);
  });
});
