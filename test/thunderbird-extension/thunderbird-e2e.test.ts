import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { fixturePath } from '../support/fixtures';
import { generateMail, generateThread, GeneratedMail } from './support/mail-fixtures';
import { EXTENSION_ID, Harness, startHarness } from './support/harness';

/**
 * The Thunderbird extension end to end, in Debian's real Thunderbird (headless): a fresh profile with an IMAP
 * account on a throw-away Dovecot holding real messages (../shared/fixtures/email) and generated ones (a message
 * with two attachments, a series of 20, a three-message conversation, 8 more for the revoked-token run), the
 * test build of the .xpi sideloaded, paired with this Akte server through the real connect page. The test drives
 * the extension's own actions through the test build's command channel and checks through the API that every
 * message and attachment arrived on the right record exactly once. One Thunderbird and one Dovecot for the file.
 */
let h: Harness;

const records: Record<'kim' | 'offer' | 'choice' | 'series' | 'project' | 'rest', number> = {
  kim: 0,
  offer: 0,
  choice: 0,
  series: 0,
  project: 0,
  rest: 0,
};
const single = generateMail({
  id: 'angebot-anhaenge',
  subject: 'Angebot mit Anhängen',
  attachments: [
    { name: 'angebot.pdf', mediaType: 'application/pdf', content: Buffer.from('%PDF-1.4\n% Angebot\n') },
    { name: 'preise.csv', mediaType: 'text/csv', content: Buffer.from('Posten;Preis\nWartung;1200\n') },
  ],
});
const choice = generateMail({
  id: 'vertrag-auswahl',
  subject: 'Vertrag und Signatur',
  attachments: [
    { name: 'vertrag.pdf', mediaType: 'application/pdf', content: Buffer.from('%PDF-1.4\n% Vertrag\n') },
    { name: 'signatur.png', mediaType: 'image/png', content: Buffer.from('not really a png') },
  ],
});
const series = Array.from({ length: 20 }, (_, i) =>
  generateMail({
    id: `serie-${i + 1}`,
    subject: `Serie ${String(i + 1).padStart(2, '0')}`,
    date: new Date(Date.UTC(2025, 2, 3, 8, i)),
  }),
);
const thread = generateThread('kalender', 'Kalender-Projekt');
const rest = Array.from({ length: 8 }, (_, i) =>
  generateMail({ id: `rest-${i + 1}`, subject: `Nachtrag ${i + 1}`, date: new Date(Date.UTC(2025, 2, 4, 8, i)) }),
);
const realFixtures = fs
  .readdirSync(path.dirname(fixturePath('email', 'mixed.eml')))
  .filter((f) => f.endsWith('.eml'))
  .map((f) => fs.readFileSync(fixturePath('email', f)));

const apiGet = (url: string) => request(h.server).get(url).set('Authorization', `Bearer ${h.env.users.all.token}`);

async function messagesOn(recordType: 'lead' | 'partner', recordId: number): Promise<string[]> {
  const res = await apiGet(`/api/v1/messages?recordType=${recordType}&recordId=${recordId}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.items.map((m: { messageId: string }) => m.messageId).sort();
}

async function documentsOn(recordId: number): Promise<string[]> {
  const res = await apiGet(`/api/v1/documents?recordType=lead&recordId=${recordId}&limit=100`);
  return res.body.items.map((d: { name: string }) => d.name).sort();
}

const ids = (mails: GeneratedMail[]) => mails.map((m) => m.messageId).sort();

interface InboxMessage {
  id: number;
  subject: string;
  headerMessageId: string;
}

async function inboxId(mail: GeneratedMail): Promise<number> {
  const inbox = await h.channel.send<InboxMessage[]>('inbox');
  const found = inbox.find((m) => `<${m.headerMessageId}>` === mail.messageId);
  if (!found) throw new Error(`${mail.subject} is not in Thunderbird's inbox`);
  return found.id;
}

async function pairThroughConnectPage(): Promise<void> {
  expect(await h.pair()).toMatchObject({ connected: true });
}

beforeAll(async () => {
  h = await startHarness({
    messages: [
      ...realFixtures,
      single.raw,
      choice.raw,
      ...series.map((m) => m.raw),
      ...thread.map((m) => m.raw),
      ...rest.map((m) => m.raw),
    ],
    seed: async (env) => {
      const company = await env.as('all').post('/api/v1/partners').send({ name: 'Kunde GmbH', isCompany: true });
      const kim = await env
        .as('all')
        .post('/api/v1/partners')
        .send({ name: 'Kim Kunde', companyId: company.body.id, emails: [{ email: 'kim@kunde.example' }] });
      records.kim = kim.body.id;
      for (const [key, name] of [
        ['offer', 'Rahmenvertrag 2025'],
        ['choice', 'Wartungsvertrag'],
        ['series', 'Wartung Serie'],
        ['project', 'Kalender-Projekt'],
        ['rest', 'Nachträge'],
      ] as const) {
        const lead = await env
          .as('all')
          .post('/api/v1/leads')
          .send({ type: 'opportunity', name, partnerId: company.body.id, expectedRevenue: 1000 });
        expect(lead.status).toBe(201);
        records[key] = lead.body.id;
      }
    },
    // Small pages, so that a selection of 20 comes in three pages and is read through messages.continueList.
    prefs: { 'extensions.webextensions.messagesPerPage': 8 },
  });
  await pairThroughConnectPage();
}, 150_000);

afterAll(async () => {
  await h?.stop();
}, 30_000);

describe('the Akte extension in a real Thunderbird', () => {
  it('paired through the server connect page as a Thunderbird device', async () => {
    const tokens = await apiGet('/api/v1/tokens');
    expect(tokens.body.items.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Thunderbird on /)]),
    );
    expect(await h.channel.send('connection')).toMatchObject({
      serverUrl: h.publicUrl,
      connected: true,
      account: { email: h.env.users.all.email },
    });
    // The options page says so, and offers the contacts & calendar set-up.
    await h.channel.send('openOptions');
    let text = '';
    for (let i = 0; i < 100 && !text.includes('Contacts & calendar'); i++) {
      const pages = await h.channel.send<Array<{ url: string; text: string }>>('pages');
      text = pages.find((p) => p.url.endsWith('/options/options.html'))?.text ?? '';
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(text).toContain(`Connected as Alma Alle (${h.env.users.all.email})`);
    expect(text).toContain('Contacts & calendar');
  });

  it('sets up contacts & calendar: the DAV address and a device password that DAV accepts', async () => {
    const dav = await h.channel.send<{ cardDav: string; calDav: string; user: string; password: string }>('davSetup');
    expect(dav).toMatchObject({
      cardDav: `${h.publicUrl}/dav/`,
      calDav: `${h.publicUrl}/dav/`,
      user: h.env.users.all.email,
    });
    const propfind = await request(h.server).propfind('/dav/').auth(dav.user, dav.password).set('Depth', '0');
    expect(propfind.status).toBe(207);
    const tokens = await apiGet('/api/v1/tokens');
    expect(tokens.body.items.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Thunderbird contacts & calendar on /)]),
    );
  });

  it('files the displayed message with its attachments, once; filing again reports "already filed"', async () => {
    const messageId = await inboxId(single);
    const target = [{ recordType: 'lead', recordId: records.offer }];
    const first = await h.channel.send<{ state: { notice: { key: string } } }>('fileDisplayed', {
      messageId,
      targets: target,
    });
    expect(first.state.notice).toMatchObject({ tone: 'success', key: 'filedOk' });
    const again = await h.channel.send<{ state: { notice: { key: string } } }>('fileDisplayed', {
      messageId,
      targets: target,
    });
    expect(again.state.notice).toEqual({ tone: 'info', key: 'filedAgain', params: { names: 'Rahmenvertrag 2025' } });
    expect(await messagesOn('lead', records.offer)).toEqual([single.messageId]);
    expect(await documentsOn(records.offer)).toEqual(['angebot.pdf', 'preise.csv']);
  });

  it('files only the attachments left ticked', async () => {
    const answer = await h.channel.send<{ attachments: string[]; state: { notice: { key: string } } }>(
      'fileDisplayed',
      {
        messageId: await inboxId(choice),
        targets: [{ recordType: 'lead', recordId: records.choice }],
        skipAttachments: ['signatur.png'],
      },
    );
    // The pane listed both (Thunderbird's messages.listAttachments); the user unticked one.
    expect(answer.attachments).toEqual(['vertrag.pdf', 'signatur.png']);
    expect(answer.state.notice).toMatchObject({ tone: 'success', key: 'filedOk' });
    expect(await messagesOn('lead', records.choice)).toEqual([choice.messageId]);
    expect(await documentsOn(records.choice)).toEqual(['vertrag.pdf']);
  });

  it('files a selection of 20 read in pages on one record; the same selection again is all "already filed"', async () => {
    const job = await h.channel.send<{ items: unknown[]; firstPage: number; paged: boolean }>('menuFileSelected', {
      subject: 'Serie',
    });
    // Thunderbird handed the selection out in pages of 8; the menu handler read the rest with continueList.
    expect(job).toMatchObject({ firstPage: 8, paged: true });
    expect(job.items).toHaveLength(20);
    const target = [{ recordType: 'lead', recordId: records.series }];
    const run = await h.channel.send<{ outcome: { filed: unknown[]; alreadyFiled: unknown[]; failed: unknown[] } }>(
      'runBatch',
      { targets: target },
    );
    expect(run.outcome).toMatchObject({ failed: [], notFiled: [], stoppedBy: null });
    expect(run.outcome.filed).toHaveLength(20);
    expect(await messagesOn('lead', records.series)).toEqual(ids(series));
    // The batch window the menu opened follows the job in storage.local.
    const pages = await h.channel.send<Array<{ url: string; text: string }>>('pages');
    const batchWindow = pages.find((p) => p.url.endsWith('/batch/batch.html'));
    expect(batchWindow?.text).toContain('File 20 emails');
    expect(batchWindow?.text).toContain('Filed 20 of 20');

    await h.channel.send('menuFileSelected', { subject: 'Serie' });
    const again = await h.channel.send<{ outcome: { filed: unknown[]; alreadyFiled: unknown[] } }>('runBatch', {
      targets: target,
    });
    expect(again.outcome.filed).toHaveLength(0);
    expect(again.outcome.alreadyFiled).toHaveLength(20);
    expect(await messagesOn('lead', records.series)).toEqual(ids(series));
  });

  it('files a whole conversation from one of its messages, with the attachment once', async () => {
    const job = await h.channel.send<{ items: Array<{ subject: string }> }>('menuFileConversation', {
      messageId: await inboxId(thread[1]),
    });
    // The three messages, found from the middle one (Thunderbird shows "Re: " subjects without the prefix).
    expect(job.items).toHaveLength(3);
    const run = await h.channel.send<{ outcome: { filed: unknown[] } }>('runBatch', {
      targets: [{ recordType: 'lead', recordId: records.project }],
    });
    expect(run.outcome.filed).toHaveLength(3);
    expect(await messagesOn('lead', records.project)).toEqual(ids(thread));
    expect(await documentsOn(records.project)).toEqual(['protokoll.txt']);
  });

  it('files sent mail on the known recipient, once: Send through a real SMTP server, then compose.onAfterSend', async () => {
    // The user turns on "File sent mail automatically" and allows `compose` at Thunderbird's prompt.
    await h.channel.sendHelper('grant', { extensionId: EXTENSION_ID, permissions: ['compose'] });
    await h.channel.send('enableAutoFileSent');
    const uploadsBefore = h.uploads;
    // The user writes to Kim (a contact Akte knows) and someone Akte does not know, and clicks Send.
    const sent = await h.channel.sendHelper<{ headerMessageId: string }>('sendMail', {
      to: ['Kim Kunde <kim@kunde.example>'],
      cc: ['someone@elsewhere.example'],
      subject: 'Ihr Angebot',
      body: 'Guten Tag Frau Kunde,\n\nanbei wie besprochen.\n',
    });
    const messageId = `<${sent.headerMessageId}>`;
    // Thunderbird sent it through the SMTP server, once, to both.
    expect(h.smtp.received).toHaveLength(1);
    expect(h.smtp.received[0].to.sort()).toEqual(['kim@kunde.example', 'someone@elsewhere.example']);
    expect(h.smtp.received[0].raw.toString('latin1')).toMatch(new RegExp(`^Message-ID: ${messageId}\r?$`, 'mi'));
    // The extension files the sent copy after the send (onAfterSend runs on its own): wait for it to arrive.
    // Bounded by the clock, not by a count of polls (a poll on a loaded machine can take a tenth of a second itself):
    // a sent copy that never arrives fails here, naming the uploads seen, well inside the test's own timeout.
    let onKim: string[] = [];
    const deadline = Date.now() + 15_000;
    while (onKim.length === 0 && Date.now() < deadline) {
      onKim = await messagesOn('partner', records.kim);
      if (onKim.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    // Uploaded once: one filing request for one sent message.
    expect({ filed: onKim, uploads: h.uploads - uploadsBefore }).toEqual({ filed: [messageId], uploads: 1 });
  });

  it('a token revoked mid-selection: the summary names filed and not filed, and filing resumes after reconnecting', async () => {
    await h.channel.send('menuFileSelected', { subject: 'Nachtrag' });
    // The user revokes the device in the web UI while the 4th message is on its way.
    const before = h.uploads;
    h.beforeUpload = async (count) => {
      if (count - before !== 4) return;
      const tokens = await apiGet('/api/v1/tokens');
      const paired = tokens.body.items.find((t: { name: string }) => t.name.startsWith('Thunderbird on'));
      const revoked = await request(h.server)
        .delete(`/api/v1/tokens/${paired.id}`)
        .set('Authorization', `Bearer ${h.env.users.all.token}`);
      expect(revoked.status).toBe(204);
    };
    const target = [{ recordType: 'lead', recordId: records.rest }];
    const stopped = await h.channel.send<{
      outcome: { filed: Array<{ subject: string }>; notFiled: Array<{ subject: string }>; stoppedBy: string };
      pending: unknown[];
    }>('runBatch', { targets: target });
    h.beforeUpload = null;
    expect(stopped.outcome.stoppedBy).toBe('reconnect');
    // Two messages are in flight at once, so the one beside the refused upload may still have made it: what
    // counts is that the summary splits all 8 into filed and not filed, and that the server has exactly the filed.
    const filed = stopped.outcome.filed.map((m) => m.subject);
    const notFiled = stopped.outcome.notFiled.map((m) => m.subject);
    expect(filed.length).toBeGreaterThanOrEqual(3);
    expect(notFiled.length).toBeGreaterThanOrEqual(1);
    expect([...filed, ...notFiled].sort()).toEqual(rest.map((m) => m.subject).sort());
    expect(stopped.pending).toHaveLength(notFiled.length);
    expect(await messagesOn('lead', records.rest)).toEqual(ids(rest.filter((m) => filed.includes(m.subject))));

    await pairThroughConnectPage();
    const resumed = await h.channel.send<{
      outcome: { filed: unknown[]; notFiled: unknown[]; stoppedBy: string | null };
      pending: unknown[];
    }>('resumeBatch');
    expect(resumed.outcome).toMatchObject({ notFiled: [], stoppedBy: null });
    expect(resumed.outcome.filed).toHaveLength(8);
    expect(resumed.pending).toHaveLength(0);
    expect(await messagesOn('lead', records.rest)).toEqual(ids(rest));
  });
});
