import { decideNeverLog, isNeverLogged, normalizeNeverLogEntry } from '../../../server/src/filing/never-log';
import { isFreemailDomain } from '../../../server/src/filing/freemail';
import {
  cleanDeviceName,
  isAllowedRedirect,
  issuePairingCode,
  verifyPairingCode,
} from '../../../server/src/filing/pairing-code';
import { messageIdList } from '../../../server/src/filing/email';
import { parseRawEmail } from '../../../server/src/filing/parse-mime';
import { threadMessageIds } from '../../../server/src/filing/thread';
import { sanitizeEmailHtml } from '../../../server/src/domain/messages/sanitize-html';
import { attachmentDocumentName } from '../../../server/src/filing/file-message';
import { emailFixture } from './records';

describe('never-log rules', () => {
  it('normalizes entries and matches addresses, domains and subdomains', () => {
    expect(normalizeNeverLogEntry(' Anna@Example.COM ')).toBe('anna@example.com');
    expect(normalizeNeverLogEntry('*@Firma.de')).toBe('@firma.de');
    expect(normalizeNeverLogEntry('@nodot')).toBe('');
    expect(normalizeNeverLogEntry('plain words')).toBe('');
    const entries = ['@firma.de', 'frau@privat.example'];
    expect(isNeverLogged('x@firma.de', entries)).toBe(true);
    expect(isNeverLogged('x@mail.firma.de', entries)).toBe(true);
    expect(isNeverLogged('x@notfirma.de', entries)).toBe(false);
    expect(isNeverLogged('FRAU@privat.example', entries)).toBe(true);
    expect(isNeverLogged('mann@privat.example', entries)).toBe(false);
  });

  it('refuses only when every participant other than the actor is never-logged', () => {
    const entries = ['@firma.de'];
    expect(decideNeverLog(['kollege@firma.de', 'me@firma.de'], 'me@firma.de', entries)).toEqual({
      action: 'refuse',
      neverLogged: ['kollege@firma.de'],
    });
    expect(decideNeverLog(['kunde@acme.de', 'kollege@firma.de'], 'me@firma.de', entries)).toEqual({
      action: 'file',
      skippedAddresses: ['kollege@firma.de'],
    });
    expect(decideNeverLog(['me@firma.de'], 'me@firma.de', entries)).toEqual({ action: 'file', skippedAddresses: [] });
  });
});

describe('freemail domains', () => {
  it('knows the big providers and their country variants', () => {
    for (const d of [
      'gmail.com',
      'gmx.de',
      'web.de',
      'yahoo.co.uk',
      'yahoo.de',
      'outlook.com',
      't-online.de',
      'icloud.com',
      'hotmail.fr',
    ]) {
      expect(isFreemailDomain(d)).toBe(true);
    }
    expect(isFreemailDomain('acme-gmbh.de')).toBe(false);
  });
});

describe('pairing codes', () => {
  const claims = { userId: 7, deviceName: 'Laptop', client: 'outlook' as const };
  it('verify with the right secret within two minutes only', () => {
    const now = 1_700_000_000_000;
    const { code } = issuePairingCode('s3cret', claims, now);
    expect(verifyPairingCode('s3cret', code, now + 119_000)).toMatchObject({
      ok: true,
      claims: { userId: 7, deviceName: 'Laptop' },
    });
    expect(verifyPairingCode('s3cret', code, now + 121_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyPairingCode('other', code, now)).toEqual({ ok: false, reason: 'signature' });
    const [v, payload, sig] = code.split('.');
    const tampered = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), u: 1 }),
    ).toString('base64url');
    expect(verifyPairingCode('s3cret', `${v}.${tampered}.${sig}`, now)).toEqual({ ok: false, reason: 'signature' });
    expect(verifyPairingCode('s3cret', 'garbage', now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('allows redirects to the own origin only', () => {
    const own = ['https://crm.example.com'];
    expect(isAllowedRedirect('https://crm.example.com/addin/taskpane.html?x=1', own)).toBe(true);
    expect(isAllowedRedirect('https://crm.example.com:8443/addin/', own)).toBe(false);
    expect(isAllowedRedirect('http://crm.example.com/addin/', own)).toBe(false);
    expect(isAllowedRedirect('https://crm.example.com.evil.io/addin/', own)).toBe(false);
    expect(isAllowedRedirect('https://user:pw@crm.example.com/addin/', own)).toBe(false);
    expect(isAllowedRedirect('/addin/taskpane.html', own)).toBe(false);
    expect(cleanDeviceName(' Laptop\u0000 \n Anna ')).toBe('Laptop Anna');
  });
});

describe('message ids and threads', () => {
  it('reads In-Reply-To/References lists in canonical form, newest reference first after In-Reply-To', () => {
    expect(messageIdList('<a@x> <b@y>\r\n <a@x>')).toEqual(['<a@x>', '<b@y>']);
    expect(messageIdList('c@z')).toEqual(['<c@z>']);
    expect(threadMessageIds('<c@z>', ['<a@x>', '<b@y>', '<c@z>'])).toEqual(['<c@z>', '<b@y>', '<a@x>']);
  });

  it('parses the real fixtures: headers, bodies, attachments', async () => {
    const email = await parseRawEmail(emailFixture('calendar-event.eml'));
    expect(email.messageId).toBe('<calendar-7791cb16-a4f3-43ae-a9a0-ed4003535ae7@google.com>');
    expect(email.from).toEqual({ address: 'andris@postalsys.com', name: 'Andris Reinman' });
    expect(email.attachments.map((a) => a.name)).toEqual(['attachment-1.ics', 'invite.ics']);
    const arf = await parseRawEmail(emailFixture('arf.eml'));
    expect(arf.messageIdSynthesized).toBe(true);
    expect(arf.subject).toBe('FW: Earn money');
    await expect(parseRawEmail(Buffer.from('just text'))).rejects.toMatchObject({
      kind: 'invalid',
      code: 'unparsable_message',
    });
  });
});

describe('sanitizeEmailHtml', () => {
  it('removes everything that runs or loads, keeps formatting', () => {
    const html = sanitizeEmailHtml(
      '<style>p{background:url(http://x)}</style><p style="color: red; background: url(http://t/x.png)" onmouseover="x()">Hi</p>' +
        '<img src="http://t.example/pixel.gif" onerror="alert(1)"><img src="cid:logo@x"><iframe src="https://x"></iframe>' +
        '<svg><script>alert(1)</script></svg><a href="//evil.example">x</a><table><tr><td colspan="2">z</td></tr></table>',
    );
    expect(html).toBe(
      '<p style="color:red">Hi</p><img data-remote-src="http://t.example/pixel.gif" /><img src="cid:logo@x" />' +
        '<a target="_blank" rel="noopener noreferrer nofollow">x</a><table><tr><td colspan="2">z</td></tr></table>',
    );
  });
});

describe('attachmentDocumentName', () => {
  it('keeps ordinary names and strips paths and control characters', () => {
    expect(attachmentDocumentName('Angebot 2025.pdf')).toBe('Angebot 2025.pdf');
    expect(attachmentDocumentName('../../etc/passwd')).toBe('.._.._etc_passwd');
    expect(attachmentDocumentName('C:\\Users\\x\\bericht.docx')).toBe('C:_Users_x_bericht.docx');
    expect(attachmentDocumentName('a\u0000b\u001fc.txt')).toBe('abc.txt');
  });

  it('falls back to a neutral name when nothing usable is left', () => {
    expect(attachmentDocumentName('')).toBe('attachment');
    expect(attachmentDocumentName('\u0001\u0002')).toBe('attachment');
  });
});
