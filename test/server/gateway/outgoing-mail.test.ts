import { simpleParser } from 'mailparser';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { startSmtpSink, type SmtpSink } from '../../support/smtp-sink';
import { appendMessages, RunningDovecot, startDovecot, stopDovecot } from '../../support/dovecot';
import { checkMailbox } from '../../../server/src/gateway/check-mailbox';
import { Message, MessageLink } from '../../../server/src/domain/messages/model';
import { Lead } from '../../../server/src/domain/leads/model';
import { makeLead, makePartner } from '../filing/records';
import { addMailbox, mail } from './support';

let env: TestEnv;
let dovecot: RunningDovecot;
let smtp: SmtpSink;
let smtpPort: number;

beforeAll(async () => {
  smtp = await startSmtpSink();
  smtpPort = smtp.port;
  [env, dovecot] = await Promise.all([
    createTestEnv({
      AKTE_MAIL_GATEWAY: 'off',
      AKTE_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      AKTE_SMTP_FROM: 'crm@example.test',
    }),
    startDovecot({ users: ['sales', 'alice'] }),
  ]);
});
afterAll(async () => {
  await smtp.close();
  await stopDovecot(dovecot);
  await env.close();
});

const linkedTo = async (messageId: string) => {
  const message = await Message.findOne({ where: { messageId } });
  if (!message) return [];
  const links = await MessageLink.findAll({ where: { messageId: message.id } });
  return links.map((l) => `${l.recordType}:${l.recordId}`).sort();
};

describe('mail sent from a record', () => {
  it('goes out through the server-wide SMTP with the template filled in, the document attached, and is on the record at once; the reply comes back to it', async () => {
    const partner = await makePartner({
      name: 'Kunde GmbH',
      email: 'kunde@firma.example',
      salespersonId: env.users.all.id,
    });
    const opportunity = await makeLead({
      name: 'Solardach',
      salespersonId: env.users.all.id,
      partnerId: partner.id,
      expectedRevenue: 12000,
    });
    const doc = await env
      .as('all')
      .post(`/api/v1/documents?recordType=lead&recordId=${opportunity.id}&name=Angebot.pdf`)
      .set('Content-Type', 'application/pdf')
      .send('%PDF-1.4 angebot');
    expect(doc.status).toBe(201);

    const sent = await env
      .as('all')
      .post('/api/v1/mail/send')
      .send({
        record: { recordType: 'lead', recordId: opportunity.id },
        template: 'quotation',
        locale: 'de',
        documentIds: [doc.body.id],
      });

    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ to: ['kunde@firma.example'], via: 'server' });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toEqual(['kunde@firma.example']);
    const parsed = await simpleParser(smtp.received[0].raw);
    expect(parsed.messageId).toBe(sent.body.messageId);
    expect(parsed.subject).toBe('Angebot: Solardach');
    expect(parsed.text).toContain('Guten Tag Kunde GmbH');
    expect(parsed.text).toContain('12000 EUR');
    expect(parsed.text).toContain('Alma Alle');
    expect(parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['Angebot.pdf', '%PDF-1.4 angebot'],
    ]);
    // Stored at once on the opportunity and its partner, as sent by the user.
    expect(await linkedTo(sent.body.messageId)).toEqual([`lead:${opportunity.id}`, `partner:${partner.id}`].sort());
    expect(await Message.findOne({ where: { messageId: sent.body.messageId } })).toMatchObject({
      direction: 'outbound',
    });

    // The customer replies to the sales alias: the reply lands on the opportunity, not on a new lead.
    const mailboxId = await addMailbox(env, dovecot, 'admin', 'sales', {
      kind: 'team',
      teamId: env.teamId,
      address: 'sales@example.test',
    });
    const leadsBefore = await Lead.count();
    await appendMessages(dovecot, 'sales', 'INBOX', [
      mail({
        from: 'kunde@firma.example',
        to: 'sales@example.test',
        subject: 'Re: Angebot: Solardach',
        id: '<reply-1@firma.example>',
        inReplyTo: sent.body.messageId,
      }),
    ]);
    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 1, errors: [] });
    expect(await Lead.count()).toBe(leadsBefore);
    expect(await linkedTo('<reply-1@firma.example>')).toEqual(
      [`lead:${opportunity.id}`, `partner:${partner.id}`].sort(),
    );
  });

  it('goes through the user’s own SMTP account when there is one, with own text and placeholders', async () => {
    const put = await env
      .as('own')
      .put('/api/v1/mail/smtp-account')
      .send({ host: '127.0.0.1', port: smtpPort, tls: false, fromAddress: 'otto@eigen.example' });
    expect(put.status).toBe(200);
    const partner = await makePartner({
      name: 'Privatkunde',
      email: 'pk@kunde.example',
      salespersonId: env.users.own.id,
    });
    const sent = await env
      .as('own')
      .post('/api/v1/mail/send')
      .send({
        record: { recordType: 'partner', recordId: partner.id },
        subject: 'Hallo {{partner.name}}',
        body: 'Gruß, {{user.name}}',
      });
    expect(sent.status).toBe(200);
    expect(sent.body.via).toBe('own');
    const parsed = await simpleParser(smtp.received[smtp.received.length - 1].raw);
    expect(parsed.from?.value[0].address).toBe('otto@eigen.example');
    expect(parsed.subject).toBe('Hallo Privatkunde');
    expect(parsed.text?.trim()).toBe('Gruß, Otto Eigen');
    expect(await linkedTo(sent.body.messageId)).toEqual([`partner:${partner.id}`]);
  });

  it('refuses precisely: unknown placeholders, a record out of scope (404), documents of another record, no recipient', async () => {
    const partner = await makePartner({ name: 'Ohne Mail', salespersonId: env.users.own.id });
    const ref = { recordType: 'partner', recordId: partner.id };
    const typo = await env
      .as('own')
      .post('/api/v1/mail/send')
      .send({ record: ref, to: ['a@b.example'], subject: 'x', body: '{{partner.nmae}}' });
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toContain('partner.nmae');
    expect(
      (
        await env
          .as('own2')
          .post('/api/v1/mail/send')
          .send({ record: ref, subject: 'x', body: 'y', to: ['a@b.example'] })
      ).status,
    ).toBe(404);
    const noTo = await env.as('own').post('/api/v1/mail/send').send({ record: ref, subject: 'x', body: 'y' });
    expect(noTo.status).toBe(400);
    expect(noTo.body.error.code).toBe('no_recipient');
    const foreign = await env
      .as('own')
      .post('/api/v1/mail/send')
      .send({ record: ref, subject: 'x', body: 'y', to: ['a@b.example'], documentIds: [999999] });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields).toHaveProperty('documentIds');
  });
});
