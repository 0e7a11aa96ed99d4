import { automatedMailKind, headerFields } from '../../../server/src/gateway/automated-mail';
import { checkSubmission, sourceFieldsOf } from '../../../server/src/gateway/form-guard';
import { slidingWindowDecision } from '../../../server/src/throttle/sliding-window';
import { confirmationRecipient } from '../../../server/src/gateway/form-confirmation';
import { foldersToCheck, planFolderFetch } from '../../../server/src/gateway/folder-cursor';
import { plusAddressFor, plusAddressTarget } from '../../../server/src/gateway/plus-address';
import { applyPrivacy } from '../../../server/src/gateway/privacy';
import { isInternalOnly, routeMessage, RoutingFacts } from '../../../server/src/gateway/route-message';
import { sealMailboxPassword, openMailboxPassword } from '../../../server/src/gateway/credentials';
import { ServerKey } from '../../../server/src/secrets/server-key';
import type { EmailInput } from '../../../server/src/filing/email';
import {
  BUILTIN_TEMPLATES,
  outgoingMessageId,
  renderTemplate,
  unknownPlaceholders,
} from '../../../server/src/gateway/templates';

const headers = (text: string) => headerFields(Buffer.from(`${text}\r\n\r\nbody\r\nX-Autoreply: not a header\r\n`));

describe('automated mail', () => {
  it('reads only the header block, whether it ends in CRLF or in bare LF, before or after the other kind', () => {
    const crlf = headerFields(Buffer.from('Subject: a\r\nPrecedence: bulk\r\n\r\nbody\n\nX-Late: no\n'));
    expect([...crlf.keys()]).toEqual(['subject', 'precedence']);
    const lf = headerFields(Buffer.from('Subject: a\nPrecedence: bulk\n\nbody\r\n\r\nX-Late: no\r\n'));
    expect([...lf.keys()]).toEqual(['subject', 'precedence']);
  });

  it('recognizes auto-replies, bounces, ARF/DSN reports and bulk mail, and lets person-written mail through', () => {
    expect(automatedMailKind(headers('From: a@x.de\r\nAuto-Submitted: auto-replied'))).toBe('auto_reply');
    expect(automatedMailKind(headers('From: a@x.de\r\nAuto-Submitted: no'))).toBeNull();
    expect(automatedMailKind(headers('From: a@x.de\r\nX-Autoreply: yes'))).toBe('auto_reply');
    expect(automatedMailKind(headers('From: a@x.de\r\nPrecedence: bulk'))).toBe('bulk');
    expect(automatedMailKind(headers('From: a@x.de\r\nPrecedence: list'))).toBe('bulk');
    expect(
      automatedMailKind(
        headers('From: a@x.de\r\nContent-Type: multipart/report;\r\n report-type=delivery-status; boundary=x'),
      ),
    ).toBe('bounce');
    expect(
      automatedMailKind(headers('From: a@x.de\r\nContent-Type: multipart/report; report-type=feedback-report')),
    ).toBe('bounce');
    expect(automatedMailKind(headers('From: MAILER-DAEMON@mx.example.com'))).toBe('bounce');
    expect(automatedMailKind(headers('From: a@x.de\r\nSubject: Angebot\r\nContent-Type: text/plain'))).toBeNull();
  });

  it('reads only the header block, unfolding continuation lines', () => {
    const fields = headers('Subject: a\r\n  folded\r\nFrom: x@y.de');
    expect(fields.get('subject')).toBe('a folded');
    expect(fields.has('x-autoreply')).toBe(false);
  });
});

describe('folder cursor', () => {
  const status = { uidValidity: '7', uidNext: 11, highestModseq: '50', exists: 10 };
  it('fetches everything on the first check, and nothing when UIDNEXT and HIGHESTMODSEQ stand still', () => {
    expect(planFolderFetch({ uidValidity: null, lastUid: 0, highestModseq: null, uidNext: null }, status)).toEqual({
      action: 'fetch',
      afterUid: 0,
      rekey: false,
    });
    expect(planFolderFetch({ uidValidity: '7', lastUid: 10, highestModseq: '50', uidNext: 11 }, status)).toEqual({
      action: 'none',
    });
  });
  it('fetches after the last UID when new mail arrived, and re-keys from 0 on a new UIDVALIDITY', () => {
    expect(planFolderFetch({ uidValidity: '7', lastUid: 8, highestModseq: '40', uidNext: 9 }, status)).toEqual({
      action: 'fetch',
      afterUid: 8,
      rekey: false,
    });
    expect(planFolderFetch({ uidValidity: '6', lastUid: 10, highestModseq: '50', uidNext: 11 }, status)).toEqual({
      action: 'fetch',
      afterUid: 0,
      rekey: true,
    });
  });
  it('works without CONDSTORE (no mod-sequence) on UIDNEXT alone', () => {
    const plain = { ...status, highestModseq: null };
    expect(planFolderFetch({ uidValidity: '7', lastUid: 10, highestModseq: null, uidNext: 11 }, plain).action).toBe(
      'none',
    );
    expect(
      planFolderFetch({ uidValidity: '7', lastUid: 10, highestModseq: null, uidNext: 11 }, { ...plain, uidNext: 12 })
        .action,
    ).toBe('fetch');
  });
  it('a crash mid-folder (uidNext not yet saved) fetches again after the last saved UID', () => {
    expect(planFolderFetch({ uidValidity: '7', lastUid: 5, highestModseq: null, uidNext: null }, status)).toEqual({
      action: 'fetch',
      afterUid: 5,
      rekey: false,
    });
  });
  it('chooses INBOX and the \\Sent folder by default, the chosen ones otherwise', () => {
    const listed = [
      { path: 'INBOX', specialUse: '\\Inbox' },
      { path: 'Gesendet', specialUse: '\\Sent' },
      { path: 'Archiv', specialUse: null },
    ];
    expect(foldersToCheck(null, listed)).toEqual(['INBOX', 'Gesendet']);
    expect(foldersToCheck(['Archiv'], listed)).toEqual(['Archiv']);
    expect(foldersToCheck(null, [{ path: 'INBOX', specialUse: null }])).toEqual(['INBOX']);
  });
});

describe('plus-addressing', () => {
  it('names a record only through the mailbox’s own base address', () => {
    expect(plusAddressTarget(['Sales+opp-42@Example.com'], 'sales@example.com')).toEqual({
      recordType: 'lead',
      recordId: 42,
    });
    expect(plusAddressTarget(['sales+partner-7@example.com'], 'sales@example.com')).toEqual({
      recordType: 'partner',
      recordId: 7,
    });
    expect(plusAddressTarget(['sales+opp-42@other.com'], 'sales@example.com')).toBeNull();
    expect(plusAddressTarget(['info+opp-42@example.com'], 'sales@example.com')).toBeNull();
    expect(plusAddressTarget(['sales+opp-0@example.com', 'sales+x@example.com'], 'sales@example.com')).toBeNull();
    expect(plusAddressFor('sales@example.com', { recordType: 'lead', recordId: 42 })).toBe('sales+opp-42@example.com');
  });
});

describe('privacy levels', () => {
  const email = {
    subject: 'Angebot',
    text: 'geheim',
    html: '<p>geheim</p>',
    attachments: [{ name: 'a.pdf', mediaType: 'application/pdf', content: Buffer.from('x') }],
  } as EmailInput;
  it('keeps metadata only, the subject, or everything', () => {
    expect(applyPrivacy(email, 'metadata')).toMatchObject({ subject: null, text: null, html: null, attachments: [] });
    expect(applyPrivacy(email, 'subject')).toMatchObject({
      subject: 'Angebot',
      text: null,
      html: null,
      attachments: [],
    });
    expect(applyPrivacy(email, 'full')).toBe(email);
  });
});

describe('routing', () => {
  const base: RoutingFacts = {
    mailboxKind: 'personal',
    automated: null,
    internalOnly: false,
    neverLogged: false,
    threadRecords: [],
    plusTarget: null,
    leadsOfStoredCopy: [],
    partners: [],
  };
  it('skips automated, never-logged and internal mail before anything else', () => {
    expect(
      routeMessage({ ...base, automated: 'bounce', threadRecords: [{ recordType: 'lead', recordId: 1 }] }),
    ).toEqual({
      action: 'skip',
      reason: 'bounce',
    });
    expect(routeMessage({ ...base, neverLogged: true })).toEqual({ action: 'skip', reason: 'never_log' });
    expect(routeMessage({ ...base, internalOnly: true, mailboxKind: 'team' })).toEqual({
      action: 'skip',
      reason: 'internal',
    });
  });
  it('follows the thread first, then the plus-address', () => {
    const thread = [{ recordType: 'lead' as const, recordId: 3 }];
    const plus = { recordType: 'lead' as const, recordId: 42 };
    expect(routeMessage({ ...base, threadRecords: thread, plusTarget: plus })).toEqual({
      action: 'file',
      targets: thread,
      by: 'thread',
    });
    expect(routeMessage({ ...base, plusTarget: plus, mailboxKind: 'team' })).toEqual({
      action: 'file',
      targets: [plus],
      by: 'plus_address',
    });
  });
  it('a team mailbox makes a new lead, once: a stored copy on a lead is filed there instead', () => {
    expect(routeMessage({ ...base, mailboxKind: 'team' })).toEqual({ action: 'create_lead' });
    const lead = [{ recordType: 'lead' as const, recordId: 9 }];
    expect(routeMessage({ ...base, mailboxKind: 'team', leadsOfStoredCopy: lead })).toEqual({
      action: 'file',
      targets: lead,
      by: 'stored_copy',
    });
  });
  it('a personal mailbox files on the known partners, with their open opportunity only if there is exactly one', () => {
    expect(routeMessage(base)).toEqual({ action: 'skip', reason: 'no_known_contact' });
    expect(
      routeMessage({
        ...base,
        partners: [
          { partnerId: 1, openOpportunityIds: [10] },
          { partnerId: 2, openOpportunityIds: [20, 21] },
        ],
      }),
    ).toEqual({
      action: 'file',
      by: 'address',
      targets: [
        { recordType: 'partner', recordId: 1 },
        { recordType: 'lead', recordId: 10 },
        { recordType: 'partner', recordId: 2 },
      ],
    });
  });
  it('internal-only: every participant in an own domain', () => {
    const own = new Set(['akte.example']);
    expect(isInternalOnly(['a@akte.example', 'b@akte.example'], own)).toBe(true);
    expect(isInternalOnly(['a@akte.example', 'kunde@firma.de'], own)).toBe(false);
  });
});

describe('mailbox passwords at rest', () => {
  it('are sealed (never in clear) and open only with the same server key', () => {
    const key = new ServerKey(Buffer.alloc(32, 1));
    const sealed = sealMailboxPassword(key, 'alicepw');
    expect(sealed).not.toContain('alicepw');
    expect(openMailboxPassword(key, sealed)).toBe('alicepw');
    expect(() => openMailboxPassword(new ServerKey(Buffer.alloc(32, 2)), sealed)).toThrow(/server key/);
  });
});

describe('mail templates', () => {
  it('fill placeholders, leave missing values empty, and name unknown placeholders', () => {
    expect(
      renderTemplate('Guten Tag {{partner.name}}, {{ opportunity.name }}{{lead.contactName}}', {
        'partner.name': 'Kunde',
        'opportunity.name': 'Dach',
      }),
    ).toBe('Guten Tag Kunde, Dach');
    expect(unknownPlaceholders('{{partner.name}} {{partner.nmae}} {{x}}')).toEqual(['partner.nmae', 'x']);
    for (const locale of ['de', 'en'] as const)
      for (const template of Object.values(BUILTIN_TEMPLATES))
        expect(unknownPlaceholders(template[locale].subject + template[locale].body)).toEqual([]);
  });
  it('give sent mail a Message-ID on the sender’s domain', () => {
    expect(outgoingMessageId('otto@eigen.example', 'abc')).toBe('<akte.abc@eigen.example>');
  });
});

describe('web-to-lead spam protection', () => {
  const now = 1_800_000_000_000;
  it('refuses a filled honeypot, a missing, future or day-old start time, and a form filled faster than allowed', () => {
    expect(checkSubmission({ honeypot: 'x', startedAt: now - 10_000 }, now, 3)).toBe('honeypot');
    expect(checkSubmission({ honeypot: '', startedAt: undefined }, now, 3)).toBe('no_start_time');
    expect(checkSubmission({ honeypot: '', startedAt: now + 1000 }, now, 3)).toBe('stale_form');
    expect(checkSubmission({ honeypot: '', startedAt: now - 25 * 3600_000 }, now, 3)).toBe('stale_form');
    expect(checkSubmission({ honeypot: '', startedAt: now - 2000 }, now, 3)).toBe('too_fast');
    expect(checkSubmission({ honeypot: '  ', startedAt: now - 3000 }, now, 3)).toBeNull();
  });
  it('limits submissions in a sliding hour estimated from two fixed windows', () => {
    const hour = 3600_000;
    const start = 500_000 * hour;
    // Two allowed, the third (counted in `current`) refused until the next window.
    expect(slidingWindowDecision({ previous: 0, current: 2 }, start + 1000, hour, 2)).toEqual({ allowed: true });
    expect(slidingWindowDecision({ previous: 0, current: 3 }, start + 1000, hour, 2)).toEqual({
      allowed: false,
      retryAfterSeconds: 3599,
    });
    // Just after a window turned, the previous one still counts almost fully: no second burst at the boundary.
    expect(slidingWindowDecision({ previous: 2, current: 1 }, start + 60_000, hour, 2)).toEqual({
      allowed: false,
      retryAfterSeconds: 1740,
    });
    // Half-way through, half of the previous count is left.
    expect(slidingWindowDecision({ previous: 2, current: 1 }, start + hour / 2, hour, 2)).toEqual({ allowed: true });
    expect(slidingWindowDecision({ previous: 10, current: 2 }, start + hour / 2, hour, 2)).toEqual({
      allowed: false,
      retryAfterSeconds: 1800,
    });
  });
  it('sends a confirmation to exactly one plain address, never to a list, a display name or an injected header', () => {
    expect(confirmationRecipient('Wera@Web.example')).toBe('wera@web.example');
    for (const raw of [
      'a@x.example, b@y.example',
      'a@x.example;b@y.example',
      'a@x.example b@y.example',
      'a@x.example\r\nBcc: b@y.example',
      'Wera <a@x.example>',
      '"a@x"@y.example',
      'a@b@x.example',
      'mailto:a@x.example',
      'nobody',
      `${'a'.repeat(250)}@x.example`,
    ])
      expect([raw, confirmationRecipient(raw)]).toEqual([raw, null]);
  });
  it('maps UTM parameters and the referrer to the lead’s source fields', () => {
    expect(
      sourceFieldsOf({ utm_source: ' google ', utm_medium: 'cpc', utm_campaign: '', referrer: 'https://x.example/p' }),
    ).toEqual({
      source: 'google',
      medium: 'cpc',
      campaign: null,
      referredBy: 'https://x.example/p',
    });
  });
});
