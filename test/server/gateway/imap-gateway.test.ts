import fs from 'node:fs';
import { Op } from 'sequelize';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { appendMessages, imapAs, RunningDovecot, startDovecot, stopDovecot } from '../../support/dovecot';
import { checkMailbox } from '../../../server/src/gateway/check-mailbox';
import { ImapSession } from '../../../server/src/gateway/imap-session';
import { GatewayFolder, GatewayMailbox } from '../../../server/src/gateway/model';
import { Lead } from '../../../server/src/domain/leads/model';
import { Partner } from '../../../server/src/domain/partners/model';
import { Message, MessageLink } from '../../../server/src/domain/messages/model';
import { DocumentRecord } from '../../../server/src/domain/documents/model';
import { makeLead, makePartner } from '../filing/records';
import { fixturePath } from '../../support/fixtures';
import { addMailbox, mail } from './support';

let env: TestEnv;
let dovecot: RunningDovecot;

beforeAll(async () => {
  [env, dovecot] = await Promise.all([
    createTestEnv({ AKTE_MAIL_GATEWAY: 'off' }),
    startDovecot({ users: ['sales', 'info', 'alice', 'bob', 'carol', 'dave', 'erin'] }),
  ]);
});
afterAll(async () => {
  await stopDovecot(dovecot);
  await env.close();
});

const linksOf = async (messageId: string) => {
  const messages = await Message.findAll({ where: { messageId } });
  const links = await MessageLink.findAll({ where: { messageId: { [Op.in]: messages.map((m) => m.id) } } });
  return { count: messages.length, records: links.map((l) => `${l.recordType}:${l.recordId}`).sort() };
};

describe('a team mailbox', () => {
  let mailboxId: number;
  let leadId: number;

  it('turns a customer mail to the alias into a lead (subject → name, sender → contact, attachment → document, no partner) and skips automated and internal mail', async () => {
    mailboxId = await addMailbox(env, dovecot, 'admin', 'sales', {
      kind: 'team',
      teamId: env.teamId,
      address: 'sales@example.test',
    });
    const partnersBefore = await Partner.count();
    await appendMessages(dovecot, 'sales', 'INBOX', [
      mail({
        from: 'Nina Neu <neu@kunde.example>',
        to: 'sales@example.test',
        subject: 'Anfrage Solaranlage',
        id: '<anfrage-1@kunde.example>',
        attachment: { name: 'dach.pdf', content: '%PDF-1.4 dach' },
      }),
      mail({ from: 'neu@kunde.example', to: 'sales@example.test', headers: ['Auto-Submitted: auto-replied'] }),
      mail({ from: 'neu@kunde.example', to: 'sales@example.test', headers: ['X-Autoreply: yes'] }),
      mail({ from: 'news@shop.example', to: 'sales@example.test', headers: ['Precedence: bulk'] }),
      mail({ from: 'all@example.test', to: 'sales@example.test', subject: 'intern' }),
      fs.readFileSync(fixturePath('email', 'bounce.eml'), 'latin1'),
      fs.readFileSync(fixturePath('email', 'arf.eml'), 'latin1'),
    ]);

    const report = await checkMailbox(env.services, mailboxId);

    expect(report).toEqual({
      taken: 1,
      skipped: 6,
      skippedBy: { auto_reply: 2, bulk: 1, internal: 1, bounce: 2 },
      errors: [],
    });
    const lead = await Lead.findOne({ where: { name: 'Anfrage Solaranlage' } });
    expect(lead).toMatchObject({
      teamId: env.teamId,
      emailFrom: 'neu@kunde.example',
      contactName: 'Nina Neu',
      partnerId: null,
    });
    leadId = lead!.id;
    expect(await Partner.count()).toBe(partnersBefore);
    expect(await linksOf('<anfrage-1@kunde.example>')).toEqual({ count: 1, records: [`lead:${leadId}`] });
    const documents = await DocumentRecord.findAll({ where: { recordType: 'lead', recordId: leadId } });
    expect(documents.map((d) => d.name)).toEqual(['dach.pdf']);

    const mailbox = await GatewayMailbox.findByPk(mailboxId);
    expect(mailbox).toMatchObject({ status: 'ok', lastError: null, takenTotal: 1, skippedTotal: 6 });
    expect(mailbox!.lastCheckAt).toBeInstanceOf(Date);
    const [cursor] = await GatewayFolder.findAll({ where: { mailboxId } });
    expect(cursor).toMatchObject({ path: 'INBOX', lastUid: 7 });
    // Dovecot advertises CONDSTORE: the cursor keeps its HIGHESTMODSEQ.
    expect(cursor.highestModseq).toMatch(/^\d+$/);

    // Nothing new: the next check fetches nothing and takes nothing.
    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 0, skipped: 0, errors: [] });
  });

  it('puts a reply on the thread’s lead and a plus-addressed mail on the record it names, without new leads', async () => {
    const opportunity = await makeLead({ name: 'Wartungsvertrag', salespersonId: env.users.all.id });
    const leadsBefore = await Lead.count();
    await appendMessages(dovecot, 'sales', 'INBOX', [
      mail({
        from: 'neu@kunde.example',
        to: 'sales@example.test',
        subject: 'Re: Anfrage Solaranlage',
        id: '<antwort-1@kunde.example>',
        inReplyTo: '<anfrage-1@kunde.example>',
      }),
      mail({
        from: 'einkauf@werk.example',
        to: `sales+opp-${opportunity.id}@example.test`,
        subject: 'Bestellung',
        id: '<plus-1@werk.example>',
      }),
    ]);

    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 2, skipped: 0, errors: [] });

    expect(await Lead.count()).toBe(leadsBefore);
    expect(await linksOf('<antwort-1@kunde.example>')).toEqual({ count: 1, records: [`lead:${leadId}`] });
    expect(await linksOf('<plus-1@werk.example>')).toEqual({ count: 1, records: [`lead:${opportunity.id}`] });
  });
});

describe('a personal mailbox', () => {
  it('takes only mail exchanged with known contacts (INBOX and Sent), onto the partner and its one open opportunity', async () => {
    const partner = await makePartner({
      name: 'Kunde GmbH',
      email: 'kunde@firma.example',
      salespersonId: env.users.all.id,
    });
    const opportunity = await makeLead({ name: 'Dach', salespersonId: env.users.all.id, partnerId: partner.id });
    const mailboxId = await addMailbox(env, dovecot, 'all', 'alice', { privacy: 'full' });
    await appendMessages(dovecot, 'alice', 'INBOX', [
      mail({ from: 'kunde@firma.example', to: 'all@example.test', subject: 'Frage', id: '<frage@firma.example>' }),
      mail({
        from: 'freund@privat.example',
        to: 'all@example.test',
        subject: 'Grillen?',
        id: '<privat@privat.example>',
      }),
    ]);
    await appendMessages(dovecot, 'alice', 'Sent', [
      mail({ from: 'all@example.test', to: 'kunde@firma.example', subject: 'Antwort', id: '<antwort@example.test>' }),
    ]);

    const report = await checkMailbox(env.services, mailboxId);

    expect(report).toEqual({ taken: 2, skipped: 1, skippedBy: { no_known_contact: 1 }, errors: [] });
    const expected = [`lead:${opportunity.id}`, `partner:${partner.id}`];
    expect(await linksOf('<frage@firma.example>')).toEqual({ count: 1, records: expected });
    expect(await linksOf('<antwort@example.test>')).toEqual({ count: 1, records: expected });
    expect((await Message.findOne({ where: { messageId: '<antwort@example.test>' } }))!.direction).toBe('outbound');
    expect(await Message.count({ where: { messageId: '<privat@privat.example>' } })).toBe(0);
    const folders = await GatewayFolder.findAll({ where: { mailboxId }, order: [['path', 'ASC']] });
    expect(folders.map((f) => f.path)).toEqual(['INBOX', 'Sent']);
  });

  it('stores the same message arriving in two mailboxes once', async () => {
    const partner = await makePartner({
      name: 'Doppel AG',
      email: 'doppel@ag.example',
      salespersonId: env.users.own.id,
    });
    const first = await addMailbox(env, dovecot, 'own', 'bob', { privacy: 'full', address: 'own@example.test' });
    const second = await addMailbox(env, dovecot, 'all', 'carol', { privacy: 'full', address: 'all@example.test' });
    const raw = mail({
      from: 'doppel@ag.example',
      to: 'own@example.test, all@example.test',
      id: '<doppelt@ag.example>',
    });
    await appendMessages(dovecot, 'bob', 'INBOX', [raw]);
    await appendMessages(dovecot, 'carol', 'INBOX', [raw]);

    expect(await checkMailbox(env.services, first)).toMatchObject({ taken: 1 });
    expect(await checkMailbox(env.services, second)).toMatchObject({ taken: 1 });

    expect(await linksOf('<doppelt@ag.example>')).toEqual({ count: 1, records: [`partner:${partner.id}`] });
  });

  it('keeps metadata only, or the subject too, by the mailbox’s privacy level', async () => {
    await makePartner({ name: 'Privat KG', email: 'p@kg.example', salespersonId: env.users.own.id });
    const mailboxId = await addMailbox(env, dovecot, 'own', 'dave', {
      privacy: 'metadata',
      address: 'own@example.test',
    });
    await appendMessages(dovecot, 'dave', 'INBOX', [
      mail({
        from: 'p@kg.example',
        to: 'own@example.test',
        subject: 'Vertraulich',
        id: '<meta@kg.example>',
        body: 'Geheimer Text',
        attachment: { name: 'geheim.pdf', content: 'x' },
      }),
    ]);
    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 1 });
    const meta = await Message.findOne({ where: { messageId: '<meta@kg.example>' } });
    expect(meta).toMatchObject({ subject: null, bodyText: null, bodyHtml: null, fromAddress: 'p@kg.example' });
    expect(await DocumentRecord.count({ where: { name: 'geheim.pdf' } })).toBe(0);

    await GatewayMailbox.update({ privacy: 'subject' }, { where: { id: mailboxId } });
    await appendMessages(dovecot, 'dave', 'INBOX', [
      mail({
        from: 'p@kg.example',
        to: 'own@example.test',
        subject: 'Termin',
        id: '<subj@kg.example>',
        body: 'Geheim',
      }),
    ]);
    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 1 });
    expect(await Message.findOne({ where: { messageId: '<subj@kg.example>' } })).toMatchObject({
      subject: 'Termin',
      bodyText: null,
    });
  });
});

describe('cursors', () => {
  it('re-keys a folder whose UIDVALIDITY changed by Message-ID and content: nothing twice, the new mail taken', async () => {
    const partner = await makePartner({
      name: 'Neu-Index',
      email: 'idx@index.example',
      salespersonId: env.users.all.id,
    });
    const mailboxId = await addMailbox(env, dovecot, 'all', 'erin', {
      privacy: 'full',
      address: 'all@example.test',
      folders: ['Kunden'],
    });
    const raws = [1, 2, 3].map((n) =>
      mail({ from: 'idx@index.example', to: 'all@example.test', id: `<idx-${n}@index.example>` }),
    );
    await appendMessages(dovecot, 'erin', 'Kunden', raws);
    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 3, errors: [] });
    const before = (await GatewayFolder.findOne({ where: { mailboxId } }))!;

    // The folder is recreated (a server restore, a migration): new UIDVALIDITY, the same messages under new UIDs.
    await imapAs(dovecot, 'erin', async (client) => {
      await client.mailboxDelete('Kunden');
    });
    await appendMessages(dovecot, 'erin', 'Kunden', [
      ...raws,
      mail({ from: 'idx@index.example', to: 'all@example.test', id: '<idx-4@index.example>' }),
    ]);
    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ errors: [] });

    const after = (await GatewayFolder.findOne({ where: { mailboxId } }))!;
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect(after.lastUid).toBe(4);
    for (const n of [1, 2, 3, 4])
      expect(await linksOf(`<idx-${n}@index.example>`)).toEqual({ count: 1, records: [`partner:${partner.id}`] });
  });

  it('checks an unchanged folder by STATUS alone (no EXAMINE), and opens it when something arrived', async () => {
    await makePartner({ name: 'Ruhig', email: 'ruhig@still.example', salespersonId: env.users.all.id });
    const mailboxId = await addMailbox(env, dovecot, 'all', 'erin', {
      privacy: 'full',
      address: 'all@example.test',
      folders: ['Ruhig'],
    });
    const one = (n: number) => mail({ from: 'ruhig@still.example', to: 'all@example.test', id: `<ruhig-${n}@still>` });
    await appendMessages(dovecot, 'erin', 'Ruhig', [one(1)]);
    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 1, errors: [] });
    const examine = jest.spyOn(ImapSession.prototype, 'examine');
    try {
      expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 0, skipped: 0, errors: [] });
      expect(examine).not.toHaveBeenCalled();
      await appendMessages(dovecot, 'erin', 'Ruhig', [one(2)]);
      expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 1, errors: [] });
      expect(examine).toHaveBeenCalledTimes(1);
    } finally {
      examine.mockRestore();
    }
  });

  it('resumes after a crash between fetch and commit, and between commit and cursor: nothing lost, nothing twice', async () => {
    const mailboxId = await addMailbox(env, dovecot, 'admin', 'info', {
      kind: 'team',
      teamId: env.teamId,
      address: 'info@example.test',
    });
    const subjects = (from: number) => [0, 1, 2].map((i) => `Crash-Anfrage ${from + i}`);
    const append = (from: number) =>
      appendMessages(
        dovecot,
        'info',
        'INBOX',
        subjects(from).map((subject) => mail({ from: 'crash@kunde.example', to: 'info@example.test', subject })),
      );
    const leads = () => Lead.count({ where: { name: { [Op.like]: 'Crash-Anfrage %' } } });
    const crash = (at: number) => (uid: number) => {
      if (uid === at) throw new Error('killed');
    };

    await append(1);
    // Killed after UID 2 was fetched, before its group's transaction (UID 1 waited in the same group): nothing stored.
    expect(await checkMailbox(env.services, mailboxId, { faults: { afterFetch: crash(2) } })).toMatchObject({
      taken: 0,
      errors: ['INBOX: killed'],
    });
    expect(await leads()).toBe(0);
    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 3, errors: [] });
    expect(await leads()).toBe(3);

    await append(4);
    // Killed after the transaction holding UIDs 4–6 committed, before the cursor moved past them.
    expect(await checkMailbox(env.services, mailboxId, { faults: { afterCommit: crash(5) } })).toMatchObject({
      errors: ['INBOX: killed'],
    });
    expect(await leads()).toBe(6);
    const cursor = await GatewayFolder.findOne({ where: { mailboxId } });
    expect(cursor!.lastUid).toBe(3);
    // 4–6 are fetched again and found as stored: no lead twice.
    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 3, errors: [] });
    expect(await leads()).toBe(6);
    for (const subject of [...subjects(1), ...subjects(4)]) expect(await Message.count({ where: { subject } })).toBe(1);
  });
});

describe('status', () => {
  it('says "authentication failed" for a wrong password, and the mailbox is in error', async () => {
    const mailboxId = await addMailbox(env, dovecot, 'own', 'bob', { password: 'wrong', address: 'own@example.test' });
    expect(await checkMailbox(env.services, mailboxId)).toEqual({
      taken: 0,
      skipped: 0,
      skippedBy: {},
      errors: ['authentication failed'],
    });
    expect(await GatewayMailbox.findByPk(mailboxId)).toMatchObject({
      status: 'error',
      lastError: 'authentication failed',
    });
  });
});
