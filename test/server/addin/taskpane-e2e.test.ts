import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { chromium, BrowserContext, Page, Route } from 'playwright-core';
import request from 'supertest';
import { buildAddin } from '../../../addin/build';
import { createApp } from '../../../server/src/app';
import { createTestEnv, TEST_PASSWORD, TestEnv } from '../../support/test-env';
import { fixturePath } from '../../support/fixtures';

/**
 * The Outlook add-in end to end, in real Chromium: the Akte server serves the built task pane under /addin/,
 * Office.js is replaced by a local Outlook host stub that presents a real .eml as the open message, and the add-in
 * pairs through the server's connect page, shows the sender's card, and files the email on an opportunity.
 * Then the API shows the message, its attachment and the history entry on the opportunity — once, however often
 * the email is filed. One browser session for the whole file.
 */
const EML = fixturePath('email', 'calendar-event.eml');
const STUB = fs.readFileSync(path.resolve(__dirname, '../../e2e/addin/outlook-host-stub.js'), 'utf8');

let env: TestEnv;
let server: http.Server;
let publicUrl: string;
let context: BrowserContext;
let page: Page;
let tmp: string;
let opportunityId: number;
let contactId: number;
let searchOnlyId: number;
const raw = fs.readFileSync(EML);
const fixture = (name: string) => fs.readFileSync(fixturePath('email', name));
/** Two more messages the user selects together (multi-select). */
const selectable: Record<string, Buffer> = {
  'sel-bounce': fixture('bounce.eml'),
  'sel-torture': fixture('mimetorture.eml'),
};

/** The stub's configuration: the open item as Outlook would describe it, and the message for getAsFileAsync. */
async function hostConfig(): Promise<string> {
  const mail = await simpleParser(raw);
  const box = (a: { address?: string; name?: string }) => ({ emailAddress: a.address, displayName: a.name ?? '' });
  const list = (v: typeof mail.to) => (v ? (Array.isArray(v) ? v : [v]).flatMap((x) => x.value.map(box)) : []);
  const headerBlock = raw.toString('latin1').split(/\r?\n\r?\n/)[0];
  const messages: Record<string, { subject: string; emlBase64: string }> = {};
  for (const [id, eml] of Object.entries(selectable)) {
    messages[id] = { subject: (await simpleParser(eml)).subject ?? '', emlBase64: eml.toString('base64') };
  }
  return JSON.stringify({
    displayLanguage: 'de-DE',
    mailboxVersion: '1.15',
    messages,
    userEmail: 'all@example.test',
    emlBase64: raw.toString('base64'),
    item: {
      itemId: 'AAMkAD-calendar-event',
      internetMessageId: mail.messageId,
      subject: mail.subject,
      from: box(mail.from!.value[0]),
      to: list(mail.to),
      cc: list(mail.cc),
      date: mail.date!.toISOString(),
      headers: headerBlock,
    },
  });
}

beforeAll(async () => {
  env = await createTestEnv();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'akte-addin-e2e-'));
  const addinDir = await buildAddin({ outdir: path.join(tmp, 'dist'), minify: false });

  // The public URL must be the address the browser uses: CORS, the connect page's redirect check and the
  // manifest all derive from it. So listen first, then build the app for that URL.
  const handler: { app?: http.RequestListener } = {};
  server = http.createServer((req, res) => handler.app!(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  publicUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handler.app = createApp({ ...env.services, config: { ...env.services.config, publicUrl, addinDir } });

  const company = await env.as('all').post('/api/v1/partners').send({ name: 'Postal Systems OÜ', isCompany: true });
  const contact = await env
    .as('all')
    .post('/api/v1/partners')
    .send({
      name: 'Andris Reinman',
      companyId: company.body.id,
      emails: [{ email: 'andris@postalsys.com' }],
      phones: [{ number: '+372 5555 1234' }],
    });
  expect(contact.status).toBe(201);
  contactId = contact.body.id;
  const lead = await env
    .as('all')
    .post('/api/v1/leads')
    .send({ type: 'opportunity', name: 'Kalender-Integration', partnerId: company.body.id, expectedRevenue: 25000 });
  expect(lead.status).toBe(201);
  opportunityId = lead.body.id;
  // Not a participant of any message: reachable only through the search box.
  const other = await env
    .as('all')
    .post('/api/v1/partners')
    .send({ name: 'Müller Maschinenbau GmbH', isCompany: true });
  searchOnlyId = other.body.id;

  const stub = `window.__AKTE_OUTLOOK__ = ${await hostConfig()};\n${STUB}`;
  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  // On the context, not the page: the pairing dialog is a popup and loads Office.js too.
  await context.route('https://appsforoffice.microsoft.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'application/javascript', body: stub }),
  );
  page = context.pages()[0] ?? (await context.newPage());
}, 120_000);

afterAll(async () => {
  await context?.close();
  await new Promise((resolve) => server?.close(resolve));
  await env?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const apiGet = (url: string) => request(server).get(url).set('Authorization', `Bearer ${env.users.all.token}`);

describe('the Outlook add-in in Chromium', () => {
  it('is served by the server, with a strict script policy and the manifest for the public URL', async () => {
    const pane = await request(server).get('/addin/taskpane.html');
    expect(pane.status).toBe(200);
    expect(pane.headers['content-security-policy']).toContain("script-src 'self' https://appsforoffice.microsoft.com");
    const manifest = await request(server).get('/addin/manifest.xml');
    expect(manifest.status).toBe(200);
    expect(manifest.headers['content-type']).toMatch(/application\/xml/);
    expect(manifest.text).toContain(`<SourceLocation DefaultValue="${publicUrl}/addin/taskpane.html"/>`);
    // The static files do not shadow the pairing page.
    const connect = await request(server).get('/addin/connect?device=x&redirect=https://evil.example/');
    expect(connect.status).toBe(400);
  });

  it('pairs through the connect page, shows the sender card, and files the email on the opportunity', async () => {
    await page.goto(`${publicUrl}/addin/taskpane.html`);
    await page.locator('#app[data-state="notConnected"]').waitFor();
    expect(await page.locator('#app h2').textContent()).toBe('Mit Akte verbinden');

    const popupOpened = context.waitForEvent('page');
    await page.click('button[data-action="connect"]');
    const popup = await popupOpened;
    await popup.waitForLoadState();
    expect(popup.url()).toContain('/addin/connect?');
    await popup.fill('#email', 'all@example.test');
    await popup.fill('#password', TEST_PASSWORD);
    await popup.click('button[type="submit"]');

    await page.locator('#app[data-state="ready"]').waitFor({ timeout: 15_000 });
    const card = page.locator('.card');
    expect(await card.locator('h2').textContent()).toBe('Andris Reinman');
    expect(await card.textContent()).toContain('Postal Systems OÜ');
    expect(await card.textContent()).toContain('+372 5555 1234');
    // Name · stage · expected revenue, formatted for German.
    expect(await card.locator('.opportunities').textContent()).toMatch(/^Kalender-Integration · [^·]+ · 25\.000\s€$/);

    const tokens = await apiGet('/api/v1/tokens');
    expect(tokens.body.items.map((t: { name: string }) => t.name)).toContain('Outlook on Web – all@example.test');

    await page.check(`input[data-key="lead:${opportunityId}"]`);
    await page.click('button[data-action="file"]');
    await page.locator('.notice.success').waitFor();
    expect(await page.locator('.notice.success').textContent()).toBe('Abgelegt bei Kalender-Integration.');
    expect(await page.locator(`li[data-key="lead:${opportunityId}"] input`).isDisabled()).toBe(true);
  });

  it('put the message, its attachment and a history entry on the opportunity', async () => {
    const messages = await apiGet(`/api/v1/messages?recordType=lead&recordId=${opportunityId}`);
    expect(messages.status).toBe(200);
    expect(messages.body.items).toHaveLength(1);
    expect(messages.body.items[0].subject).toContain('Invitation: Test event');

    // The message carries its invitation twice with identical bytes (the text/calendar part and invite.ics):
    // deduplicated by content hash, it is one document.
    const documents = await apiGet(`/api/v1/documents?recordType=lead&recordId=${opportunityId}`);
    expect(documents.body.items).toHaveLength(1);
    expect(documents.body.items[0].name).toMatch(/\.ics$/);
    const content = await apiGet(`/api/v1/documents/${documents.body.items[0].id}/content`);
    expect(content.status).toBe(200);
    expect(content.text).toContain('BEGIN:VCALENDAR');

    const history = await apiGet(`/api/v1/history?recordType=lead&recordId=${opportunityId}`);
    expect(history.body.items.filter((h: { action: string }) => h.action === 'file')).toHaveLength(1);
  });

  it('shows "already filed" on reopening, and filing again adds no duplicate', async () => {
    const documentsBefore = (await apiGet(`/api/v1/documents?recordType=lead&recordId=${opportunityId}`)).body.items
      .length;
    await page.reload();
    await page.locator('#app[data-state="ready"]').waitFor();
    expect(await page.locator(`[data-filed="lead:${opportunityId}"]`).textContent()).toBe(
      'Bereits abgelegt bei Kalender-Integration',
    );

    // File the same email once more, now on the opportunity (already there) and the contact (new).
    await page.check(`input[data-key="partner:${contactId}"]`);
    await page.click('button[data-action="file"]');
    await page.locator('.notice.success').waitFor();
    expect(await page.locator('.notice.success').textContent()).toBe('Abgelegt bei Andris Reinman.');
    const again = await request(server)
      .post(`/api/v1/filing/messages?targets=lead:${opportunityId}`)
      .set('Authorization', `Bearer ${env.users.all.token}`)
      .set('Content-Type', 'message/rfc822')
      .send(raw);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      created: false,
      linked: [],
      alreadyLinked: [{ recordType: 'lead', recordId: opportunityId }],
    });

    expect((await apiGet(`/api/v1/messages?recordType=lead&recordId=${opportunityId}`)).body.items).toHaveLength(1);
    expect((await apiGet(`/api/v1/documents?recordType=lead&recordId=${opportunityId}`)).body.items).toHaveLength(
      documentsBefore,
    );
    const history = await apiGet(`/api/v1/history?recordType=lead&recordId=${opportunityId}`);
    expect(history.body.items.filter((h: { action: string }) => h.action === 'file')).toHaveLength(1);
    const onContact = await apiGet(`/api/v1/messages?recordType=partner&recordId=${contactId}`);
    expect(onContact.body.items.map((m: { id: number }) => m.id)).toEqual(
      (await apiGet(`/api/v1/messages?recordType=lead&recordId=${opportunityId}`)).body.items.map(
        (m: { id: number }) => m.id,
      ),
    );
  });

  it('creates a lead from the open email, with the email filed on it', async () => {
    await page.click('button[data-action="new-lead"]');
    await page.locator('.notice.success').waitFor();
    expect(await page.locator('.notice.success').textContent()).toMatch(
      /^Lead „Invitation: Test event .*“ angelegt und die E-Mail dort abgelegt\.$/,
    );
    const leads = await apiGet(`/api/v1/leads?q=${encodeURIComponent('Invitation: Test event')}`);
    expect(leads.body.items).toHaveLength(1);
    const lead = leads.body.items[0];
    expect(lead).toMatchObject({ type: 'lead', emailFrom: 'andris@postalsys.com', partnerId: contactId });
    expect((await apiGet(`/api/v1/messages?recordType=lead&recordId=${lead.id}`)).body.items).toHaveLength(1);
  });

  it('files several selected emails at once on a record found by search, with progress', async () => {
    await page.evaluate("window.__akteSelectItems(['sel-bounce', 'sel-torture'])");
    await page.locator('.selection').waitFor();
    expect(await page.locator('.selection').textContent()).toBe('2 E-Mails ausgewählt');
    expect(await page.locator(`li[data-key="partner:${searchOnlyId}"]`).count()).toBe(0);
    await page.fill('#search', 'müller');
    const hit = page.locator(`li[data-key="partner:${searchOnlyId}"]`);
    await hit.waitFor();
    expect(await hit.locator('.name').textContent()).toBe('Müller Maschinenbau GmbH');
    await hit.locator('input').check();
    await page.click('button[data-action="file"]');
    await page.locator('.notice.success').waitFor();
    expect(await page.locator('.notice.success').textContent()).toBe('2 von 2 abgelegt');

    const filed = await apiGet(`/api/v1/messages?recordType=partner&recordId=${searchOnlyId}`);
    const subjects = filed.body.items.map((m: { subject: string }) => m.subject);
    expect(subjects).toHaveLength(2);
    for (const eml of Object.values(selectable)) expect(subjects).toContain((await simpleParser(eml)).subject);
  });

  it('opened outside Outlook, says what it is and how to install it instead of waiting forever', async () => {
    // What Office.js does in a browser tab of its own: onReady answers with no host, and there is no mailbox.
    const plainBrowser =
      'window.Office = { context: {}, onReady: function (cb) { var i = { host: null, platform: null };' +
      ' if (cb) cb(i); return Promise.resolve(i); } };';
    const cases: Array<[string, (route: Route) => Promise<void>, string | null]> = [
      ['browser tab', (route) => route.fulfill({ contentType: 'application/javascript', body: plainBrowser }), null],
      ['Office.js blocked', (route) => route.abort(), 'Office.js could not be loaded'],
    ];
    for (const [name, serveOfficeJs, reason] of cases) {
      const tab = await context.newPage();
      try {
        // A page route wins over the context's Outlook stub.
        await tab.route('https://appsforoffice.microsoft.com/**', serveOfficeJs);
        await tab.goto(`${publicUrl}/addin/taskpane.html`);
        await tab.locator('#app[data-state="outsideOutlook"]').waitFor({ timeout: 5_000 });
        const text = (await tab.locator('#app').textContent()) ?? '';
        expect({ name, title: await tab.locator('#app h2').textContent() }).toEqual({
          name,
          title: 'Akte for Outlook',
        });
        expect(text).toContain('It works inside Outlook, beside an open email');
        expect(await tab.locator('#app a').getAttribute('href')).toBe(`${publicUrl}/addin/manifest.xml`);
        expect(text).toContain('Add from URL');
        if (reason) expect(text).toContain(reason);
        expect(await tab.locator('#open-settings').isVisible()).toBe(false);
      } finally {
        await tab.close();
      }
    }
  });

  it('turns a revoked token into the reconnect state', async () => {
    const tokens = await apiGet('/api/v1/tokens');
    const paired = tokens.body.items.find((t: { name: string }) => t.name.startsWith('Outlook on'));
    expect(
      (
        await request(server)
          .delete(`/api/v1/tokens/${paired.id}`)
          .set('Authorization', `Bearer ${env.users.all.token}`)
      ).status,
    ).toBe(204);
    await page.reload();
    await page.locator('#app[data-state="reconnect"]').waitFor();
    expect(await page.locator('button[data-action="connect"]').textContent()).toBe('Erneut verbinden');
  });
});
