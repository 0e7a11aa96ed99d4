import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { buildThunderbird } from '../../thunderbird-extension/build';
import { createApp } from '../../server/src/app';
import { fixturePath } from '../support/fixtures';
import { createTestEnv, TEST_PASSWORD, TestEnv } from '../support/test-env';
import { ChannelServer } from './support/channel-server';
import { Dovecot, startDovecot } from './support/dovecot';
import { generateMail, generateThread, GeneratedMail } from './support/mail-fixtures';
import { HELPER_ID, helperXpi, startThunderbird, Thunderbird } from './support/thunderbird';

/**
 * The Thunderbird extension end to end, in Debian's real Thunderbird (headless): a fresh profile with an IMAP
 * account on a throw-away Dovecot holding real messages (../shared/fixtures/email) and generated ones (a message
 * with two attachments, a series of 20, a three-message conversation, 8 more for the revoked-token run), the
 * test build of the .xpi sideloaded, paired with this Akte server through the real connect page. The test drives
 * the extension's own actions through the test build's command channel and checks through the API that every
 * message and attachment arrived on the right record exactly once. One Thunderbird and one Dovecot for the file.
 */
const EXTENSION_ID = 'thunderbird@akte.app';

let env: TestEnv;
let server: http.Server;
let publicUrl: string;
let root: string;
let dovecot: Dovecot;
let thunderbird: Thunderbird;
let channel: ChannelServer;
/** Set by the revoked-token test: runs before the Nth filing upload reaches the app. */
let beforeUpload: ((count: number) => Promise<void>) | null = null;
let uploads = 0;

const records: Record<'offer' | 'series' | 'project' | 'rest', number> = { offer: 0, series: 0, project: 0, rest: 0 };
const single = generateMail({
  id: 'angebot-anhaenge',
  subject: 'Angebot mit Anhängen',
  attachments: [
    { name: 'angebot.pdf', mediaType: 'application/pdf', content: Buffer.from('%PDF-1.4\n% Angebot\n') },
    { name: 'preise.csv', mediaType: 'text/csv', content: Buffer.from('Posten;Preis\nWartung;1200\n') },
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

const apiGet = (url: string) => request(server).get(url).set('Authorization', `Bearer ${env.users.all.token}`);

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
  const inbox = await channel.send<InboxMessage[]>('inbox');
  const found = inbox.find((m) => `<${m.headerMessageId}>` === mail.messageId);
  if (!found) throw new Error(`${mail.subject} is not in Thunderbird's inbox`);
  return found.id;
}

/** The user clicks Connect and signs in on the server's page in Thunderbird's connect window. */
async function pairThroughConnectPage(): Promise<void> {
  await channel.send('connect');
  const answer = await channel.send<{ connected: boolean }>('submitConnectForm', {
    email: env.users.all.email,
    password: TEST_PASSWORD,
  });
  expect(answer).toMatchObject({ connected: true });
}

beforeAll(async () => {
  env = await createTestEnv();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-tb-e2e-'));
  // Dovecot's helper processes run as other users and need to reach their folders (RECIPES.md).
  fs.chmodSync(root, 0o755);

  const handler: { app?: http.RequestListener } = {};
  server = http.createServer((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/api/v1/filing/messages')) {
      uploads++;
      if (beforeUpload) return void beforeUpload(uploads).then(() => handler.app!(req, res));
    }
    handler.app!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handler.app = createApp({ ...env.services, config: { ...env.services.config, publicUrl } });

  const company = await env.as('all').post('/api/v1/partners').send({ name: 'Kunde GmbH', isCompany: true });
  await env
    .as('all')
    .post('/api/v1/partners')
    .send({ name: 'Kim Kunde', companyId: company.body.id, emails: [{ email: 'kim@kunde.example' }] });
  for (const [key, name] of [
    ['offer', 'Rahmenvertrag 2025'],
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

  dovecot = await startDovecot(root, [
    ...realFixtures,
    single.raw,
    ...series.map((m) => m.raw),
    ...thread.map((m) => m.raw),
    ...rest.map((m) => m.raw),
  ]);
  channel = new ChannelServer({
    imapPort: dovecot.port,
    user: dovecot.user,
    password: dovecot.password,
    extensionId: EXTENSION_ID,
    origins: ['http://127.0.0.1/*'],
    expectMessages: realFixtures.length + 1 + 20 + 3 + 8,
  });
  const channelUrl = await channel.start();
  const xpi = await buildThunderbird({ outdir: path.join(root, 'dist'), testChannel: channelUrl });
  thunderbird = startThunderbird(
    root,
    [
      { id: HELPER_ID, xpi: helperXpi(channelUrl) },
      { id: EXTENSION_ID, xpi: fs.readFileSync(xpi) },
    ],
    // Small pages, so that a selection of 20 comes in three pages and is read through messages.continueList.
    { 'extensions.webextensions.messagesPerPage': 8 },
  );
  let timer: NodeJS.Timeout | undefined;
  const helper = await Promise.race([
    channel.helper,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Thunderbird did not set up:\n${thunderbird.log()}`)), 60_000);
    }),
  ]);
  clearTimeout(timer);
  expect(helper).toEqual({ ok: true, messages: realFixtures.length + 1 + 20 + 3 + 8 });
  await channel.send('setServer', { serverUrl: publicUrl });
  await pairThroughConnectPage();
}, 120_000);

afterAll(async () => {
  await thunderbird?.stop();
  await channel?.stop();
  await dovecot?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await env?.close();
  if (root) fs.rmSync(root, { recursive: true, force: true });
}, 30_000);

describe('the Akte extension in a real Thunderbird', () => {
  it('paired through the server connect page as a Thunderbird device', async () => {
    const tokens = await apiGet('/api/v1/tokens');
    expect(tokens.body.items.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Thunderbird on /)]),
    );
    expect(await channel.send('connection')).toMatchObject({
      serverUrl: publicUrl,
      connected: true,
      account: { email: env.users.all.email },
    });
  });

  it('files the displayed message with its attachments, once; filing again reports "already filed"', async () => {
    const messageId = await inboxId(single);
    const target = [{ recordType: 'lead', recordId: records.offer }];
    const first = await channel.send<{ state: { notice: { key: string } } }>('fileDisplayed', {
      messageId,
      targets: target,
    });
    expect(first.state.notice).toMatchObject({ tone: 'success', key: 'filedOk' });
    const again = await channel.send<{ state: { notice: { key: string } } }>('fileDisplayed', {
      messageId,
      targets: target,
    });
    expect(again.state.notice).toEqual({ tone: 'info', key: 'filedAgain', params: { names: 'Rahmenvertrag 2025' } });
    expect(await messagesOn('lead', records.offer)).toEqual([single.messageId]);
    expect(await documentsOn(records.offer)).toEqual(['angebot.pdf', 'preise.csv']);
  });

  it('files a selection of 20 read in pages on one record; the same selection again is all "already filed"', async () => {
    const job = await channel.send<{ items: unknown[]; firstPage: number; paged: boolean }>('menuFileSelected', {
      subject: 'Serie',
    });
    // Thunderbird handed the selection out in pages of 8; the menu handler read the rest with continueList.
    expect(job).toMatchObject({ firstPage: 8, paged: true });
    expect(job.items).toHaveLength(20);
    const target = [{ recordType: 'lead', recordId: records.series }];
    const run = await channel.send<{ outcome: { filed: unknown[]; alreadyFiled: unknown[]; failed: unknown[] } }>(
      'runBatch',
      { targets: target },
    );
    expect(run.outcome).toMatchObject({ failed: [], notFiled: [], stoppedBy: null });
    expect(run.outcome.filed).toHaveLength(20);
    expect(await messagesOn('lead', records.series)).toEqual(ids(series));

    await channel.send('menuFileSelected', { subject: 'Serie' });
    const again = await channel.send<{ outcome: { filed: unknown[]; alreadyFiled: unknown[] } }>('runBatch', {
      targets: target,
    });
    expect(again.outcome.filed).toHaveLength(0);
    expect(again.outcome.alreadyFiled).toHaveLength(20);
    expect(await messagesOn('lead', records.series)).toEqual(ids(series));
  });

  it('files a whole conversation from one of its messages, with the attachment once', async () => {
    const job = await channel.send<{ items: Array<{ subject: string }> }>('menuFileConversation', {
      messageId: await inboxId(thread[1]),
    });
    // The three messages, found from the middle one (Thunderbird shows "Re: " subjects without the prefix).
    expect(job.items).toHaveLength(3);
    const run = await channel.send<{ outcome: { filed: unknown[] } }>('runBatch', {
      targets: [{ recordType: 'lead', recordId: records.project }],
    });
    expect(run.outcome.filed).toHaveLength(3);
    expect(await messagesOn('lead', records.project)).toEqual(ids(thread));
    expect(await documentsOn(records.project)).toEqual(['protokoll.txt']);
  });

  it('a token revoked mid-selection: the summary names filed and not filed, and filing resumes after reconnecting', async () => {
    await channel.send('menuFileSelected', { subject: 'Nachtrag' });
    // The user revokes the device in the web UI while the 4th message is on its way.
    const before = uploads;
    beforeUpload = async (count) => {
      if (count - before !== 4) return;
      const tokens = await apiGet('/api/v1/tokens');
      const paired = tokens.body.items.find((t: { name: string }) => t.name.startsWith('Thunderbird on'));
      const revoked = await request(server)
        .delete(`/api/v1/tokens/${paired.id}`)
        .set('Authorization', `Bearer ${env.users.all.token}`);
      expect(revoked.status).toBe(204);
    };
    const target = [{ recordType: 'lead', recordId: records.rest }];
    const stopped = await channel.send<{
      outcome: { filed: Array<{ subject: string }>; notFiled: Array<{ subject: string }>; stoppedBy: string };
      pending: unknown[];
    }>('runBatch', { targets: target });
    beforeUpload = null;
    expect(stopped.outcome.stoppedBy).toBe('reconnect');
    expect(stopped.outcome.filed.map((m) => m.subject)).toEqual(['Nachtrag 1', 'Nachtrag 2', 'Nachtrag 3']);
    expect(stopped.outcome.notFiled.map((m) => m.subject)).toEqual(rest.slice(3).map((m) => m.subject));
    expect(await messagesOn('lead', records.rest)).toEqual(ids(rest.slice(0, 3)));

    await pairThroughConnectPage();
    const resumed = await channel.send<{
      outcome: { filed: unknown[]; notFiled: unknown[]; stoppedBy: string | null };
      pending: unknown[];
    }>('resumeBatch');
    expect(resumed.outcome).toMatchObject({ notFiled: [], stoppedBy: null });
    expect(resumed.outcome.filed).toHaveLength(8);
    expect(resumed.pending).toHaveLength(0);
    expect(await messagesOn('lead', records.rest)).toEqual(ids(rest));
  });
});
