import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { localDay } from '../../../server/src/domain/activities/state';
import { Pipeline, setupPipeline } from '../leads/setup-pipeline';
import { ARTIFACTS, axeViolations, BrowserHarness, logIn, missingKeys, startHarness } from './browser-harness';
import { samplePdf } from './sample-pdf';

/**
 * The back office's record pages in real Chromium against a server on SQLite (seeded through the API): the
 * opportunity form with its stage bar, fields, activities and chatter (a filed e-mail in a sandboxed frame, a note,
 * a document uploaded and downloaded back byte for byte). One browser for the file; screenshots in test/artifacts/.
 */
let h: BrowserHarness;
let page: Page;
let pipeline: Pipeline;
const ids: Record<string, number> = {};

const day = (offset: number) => {
  const date = new Date();
  date.setDate(date.getDate() + offset);
  return localDay(date);
};
const api = (user: 'all' | 'own' | 'own2' | 'admin' = 'all') => h.env.as(user);
const apiLead = async (id: number) => (await api().get(`/api/v1/leads/${id}`)).body;
async function created(res: { status: number; body: { id?: number; message?: { id: number } } }): Promise<number> {
  expect([200, 201]).toContain(res.status);
  return res.body.id ?? res.body.message!.id;
}

beforeAll(async () => {
  h = await startHarness();
  pipeline = await setupPipeline(h.env);
  const all = h.env.users.all.id;
  ids.partner = await created(
    await api()
      .post('/api/v1/partners')
      .send({ name: 'Müller Maschinenbau GmbH', isCompany: true, emails: [{ email: 'info@mueller.example' }] }),
  );
  ids.opportunity = await created(
    await api().post('/api/v1/leads').send({
      type: 'opportunity',
      name: 'Hallenkran',
      expectedRevenue: 40000,
      stageId: pipeline.newId,
      salespersonId: all,
      partnerId: ids.partner,
    }),
  );
  ids.email = await created(
    await api()
      .post('/api/v1/messages')
      .send({
        kind: 'email',
        messageId: '<angebot-1@mueller.example>',
        from: { address: 'einkauf@mueller.example', name: 'Eva Einkauf' },
        to: [{ address: 'all@example.test' }],
        date: '2026-11-02T09:30:00+01:00',
        subject: 'Anfrage Hallenkran',
        html: '<p style="color: #1f4e8c">Bitte um ein <b>Angebot</b> für 5 t Traglast.</p>',
        records: [{ recordType: 'lead', recordId: ids.opportunity }],
      }),
  );
  const calendar = await created(await api().post('/api/v1/calendars').send({ name: 'Alma' }));
  ids.event = await created(
    await api().post('/api/v1/events').send({
      calendarId: calendar,
      title: 'Besichtigung Halle 3',
      startsAt: '2026-11-05T09:00:00Z',
      endsAt: '2026-11-05T10:00:00Z',
      location: 'Werk Süd',
      recordType: 'lead',
      recordId: ids.opportunity,
    }),
  );
  ({ page } = await h.newPage('de-DE'));
  await logIn(page, h.baseUrl, h.env.users.all.email);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  expect(h.problems.splice(0)).toEqual([]);
});

describe('the opportunity form', () => {
  it('shows the fields, the stage bar and the chatter: the e-mail in a sandboxed frame, the linked appointment', async () => {
    await page.goto(`${h.baseUrl}/opportunities/${ids.opportunity}`);
    await page.locator('h1 >> text=Hallenkran').waitFor();
    expect(await page.inputValue('#lead-expectedRevenue')).toBe('40000');
    const current = page.locator('.stage-bar button[aria-current="step"]');
    expect(await current.textContent()).toBe('New');

    const email = page.locator(`article.email[data-message-id="${ids.email}"]`);
    await email.waitFor();
    expect(await email.locator('h3').textContent()).toBe('Anfrage Hallenkran');
    expect(await email.locator('.email-headers').textContent()).toContain('Eva Einkauf <einkauf@mueller.example>');
    const event = page.locator(`article.event[data-event-id="${ids.event}"]`);
    expect(await event.textContent()).toContain('Besichtigung Halle 3');
    expect(await event.textContent()).toContain('Werk Süd');
    const frame = email.locator('iframe');
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    expect(await frame.getAttribute('src')).toBe(`${h.baseUrl}/api/v1/messages/${ids.email}/body`);
    const body = page.frameLocator(`article.email[data-message-id="${ids.email}"] iframe`).locator('p');
    expect(await body.textContent()).toBe('Bitte um ein Angebot für 5 t Traglast.');
    // The e-mail's own formatting survives in its frame (its CSP allows inline styles there, not in the app).
    expect(await body.evaluate((p) => p.ownerDocument.defaultView!.getComputedStyle(p).color)).toBe('rgb(31, 78, 140)');
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-opportunity.png') });
    expect(await axeViolations(page)).toEqual([]);
    expect(await missingKeys(page)).toBe('');
  });

  it('moves the stage from the stage bar and saves edited fields in one PATCH', async () => {
    await page.click(`.stage-bar button[data-stage-id="${pipeline.qualifiedId}"]`);
    await page.locator(`.stage-bar button[aria-current="step"][data-stage-id="${pipeline.qualifiedId}"]`).waitFor();
    expect(await apiLead(ids.opportunity)).toMatchObject({ stageId: pipeline.qualifiedId, probability: 30 });
    await page.locator('.chatter .trace >> text=Phase: New → Qualified').waitFor();

    await page.fill('#lead-expectedRevenue', '45000');
    await page.fill('#lead-source', 'Messe Hannover');
    await page.click('.record-form button[type="submit"]');
    await page.locator('.record-form [role="status"] >> text=Gespeichert.').waitFor();
    expect(await apiLead(ids.opportunity)).toMatchObject({ expectedRevenue: 45000, source: 'Messe Hannover' });

    await page.fill('#lead-emailFrom', 'not an address');
    await page.fill('#lead-name', 'Hallenkran 5 t');
    await page.click('.record-form button[type="submit"]');
    // The browser's own check stops a malformed address before it is sent; the field says why.
    expect(await page.evaluate<boolean>("document.querySelector('#lead-emailFrom').validity.valid")).toBe(false);
    await page.fill('#lead-emailFrom', '');
    await page.click('.record-form button[type="submit"]');
    await page.locator('h1 >> text=Hallenkran 5 t').waitFor();
  });

  it('logs a note, and schedules an activity that the dashboard then shows', async () => {
    await page.fill(`#note-lead-${ids.opportunity}`, 'Kunde will bis Freitag ein Angebot.');
    await page.click('.composer button[type="submit"]');
    await page.locator('.chatter .note-body >> text=Kunde will bis Freitag ein Angebot.').waitFor();
    const notes = await api().get(`/api/v1/messages?recordType=lead&recordId=${ids.opportunity}`);
    expect(notes.body.items.map((m: { kind: string }) => m.kind).sort()).toEqual(['email', 'note']);

    await page.selectOption('#schedule-kind', 'meeting');
    await page.fill('#schedule-summary', 'Vor-Ort-Termin Halle 3');
    await page.fill('#schedule-due', new Date().toISOString().slice(0, 10));
    await page.click('form.inline-form button[type="submit"]');
    const row = page.locator('li.activity', { hasText: 'Vor-Ort-Termin Halle 3' });
    await row.waitFor();
    const activities = await api().get(`/api/v1/activities?recordType=lead&recordId=${ids.opportunity}`);
    expect(activities.body.items).toHaveLength(1);
    expect(activities.body.items[0]).toMatchObject({ kind: 'meeting', assignedUserId: h.env.users.all.id });
    ids.activity = activities.body.items[0].id;

    await page.click('nav >> text=Mein Dashboard');
    await page.click('button[aria-label="„Vor-Ort-Termin Halle 3“ als erledigt markieren"]');
    await page.locator(`li[data-activity-id="${ids.activity}"]`).waitFor({ state: 'detached' });
    expect((await api().get(`/api/v1/activities/${ids.activity}`)).body.status).toBe('done');
  });

  it('uploads a document by the button and downloads it back byte for byte; another one by dropping it', async () => {
    await page.goto(`${h.baseUrl}/opportunities/${ids.opportunity}`);
    const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0x00, 0xff, 0xfe, 0x80]);
    await page.setInputFiles(`#upload-lead-${ids.opportunity}`, {
      name: 'Angebot Hallenkran.pdf',
      mimeType: 'application/pdf',
      buffer: bytes,
    });
    const link = page.locator('a >> text=Angebot Hallenkran.pdf herunterladen');
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = await download.path();
    expect(fs.readFileSync(saved!)).toEqual(bytes);
    expect(download.suggestedFilename()).toBe('Angebot Hallenkran.pdf');

    // Dropped on the zone: a file the browser hands over in the drop event's DataTransfer.
    const files = await page.evaluateHandle(
      "(() => { const t = new DataTransfer(); t.items.add(new File(['Maße: 12 × 30 m'], 'Hallenplan.txt', { type: 'text/plain' })); return t; })()",
    );
    await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer: files });
    await page.locator('a >> text=Hallenplan.txt herunterladen').waitFor();
    const documents = await api().get(`/api/v1/documents?recordType=lead&recordId=${ids.opportunity}`);
    expect(documents.body.items.map((d: { name: string; size: number }) => [d.name, d.size])).toEqual([
      ['Hallenplan.txt', Buffer.byteLength('Maße: 12 × 30 m')],
      ['Angebot Hallenkran.pdf', bytes.length],
    ]);
  });

  it("previews a PDF on a canvas drawn by pdf.js (its worker from the app's own origin), page by page", async () => {
    await page.goto(`${h.baseUrl}/opportunities/${ids.opportunity}`);
    await page.evaluate(
      "window.cspViolations = []; document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI))",
    );
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));
    await page.setInputFiles(`#upload-lead-${ids.opportunity}`, {
      name: 'Lageplan.pdf',
      mimeType: 'application/pdf',
      buffer: samplePdf(['Lageplan Halle 3', 'Fundamente']),
    });
    const entry = page.locator('article.document', { hasText: 'Lageplan.pdf' });
    // pdf.js is not part of the app's first bundle: it comes only when a preview is opened.
    expect(requests.some((url) => /PdfPreview|pdf\.worker/.test(url))).toBe(false);
    await entry.locator('button >> text=Lageplan.pdf anzeigen').click();
    await entry.locator('.pdf-preview[data-rendered-page="1"]').waitFor();
    expect(await entry.locator('.pdf-page-count').textContent()).toBe('Seite 1 von 2');
    // The canvas as far as this callback uses it (the root type-check has no DOM types; it runs in the page).
    type Canvas = {
      width: number;
      height: number;
      getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
    };
    const inked = (color: string) =>
      entry.locator('.pdf-preview canvas').evaluate((canvas: Canvas, rgb: string) => {
        const [r, g, b] = rgb.split(',').map(Number);
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        let dark = 0;
        let band = 0;
        for (let i = 0; i < data.length; i += 4) {
          if (data[i] < 100 && data[i + 1] < 100 && data[i + 2] < 100) dark += 1;
          if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12 && Math.abs(data[i + 2] - b) < 12) band += 1;
        }
        return { width: canvas.width, dark, band, pixels: data.length / 4 };
      }, color);
    // The page's blue band (0.12 0.31 0.55) covers ~9 % of an A4 page; its black title draws dark pixels.
    const first = await inked('31,79,140');
    expect(first.width).toBeGreaterThan(300);
    expect(first.band / first.pixels).toBeGreaterThan(0.05);
    expect(first.dark).toBeGreaterThan(100);
    await page.screenshot({ path: path.join(ARTIFACTS, 'pdf-preview.png') });

    await entry.locator('button >> text=Nächste Seite').click();
    await entry.locator('.pdf-preview[data-rendered-page="2"]').waitFor();
    expect(await entry.locator('.pdf-page-count').textContent()).toBe('Seite 2 von 2');
    expect((await inked('204,64,26')).band).toBeGreaterThan(0);
    expect(await entry.locator('button >> text=Nächste Seite').isDisabled()).toBe(true);
    await entry.locator('button >> text=Vorherige Seite').click();
    await entry.locator('.pdf-preview[data-rendered-page="1"]').waitFor();

    // A real worker, from the app's own files; nothing fetched from elsewhere; no CSP violation.
    expect(workers).toEqual([expect.stringMatching(new RegExp(`^${h.baseUrl}/assets/pdf\\.worker[^/]*\\.mjs$`))]);
    expect(requests.filter((url) => !url.startsWith(h.baseUrl))).toEqual([]);
    expect(await page.evaluate('window.cspViolations')).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('says so when a "PDF" cannot be read, instead of a blank preview', async () => {
    const entry = page.locator('article.document', { hasText: 'Angebot Hallenkran.pdf' });
    await entry.locator('button >> text=Angebot Hallenkran.pdf anzeigen').click();
    await entry.locator('[role="alert"] >> text=Angebot Hallenkran.pdf kann nicht angezeigt werden').waitFor();
  });

  it('marks the opportunity lost with a reason, restores it, and marks it won', async () => {
    await page.click('.record-actions button >> text=Als verloren markieren');
    await page.locator('dialog[open] #lost-reason').selectOption({ label: 'Too expensive' });
    await page.click('dialog[open] button[type="submit"]');
    await page.locator('.record-header .badge[data-state="lost"]').waitFor();
    expect(await apiLead(ids.opportunity)).toMatchObject({ state: 'lost', lostReasonId: pipeline.lostReasonId });
    await page.click('.record-actions button >> text=Wiederherstellen');
    await page.locator('.record-header .badge[data-state="open"]').waitFor();
    await page.click('.record-actions button >> text=Als gewonnen markieren');
    await page.locator('.record-header .badge[data-state="won"]').waitFor();
    expect(await apiLead(ids.opportunity)).toMatchObject({ state: 'won', probability: 100 });
    await page.locator('.chatter .trace >> text=Als gewonnen markiert').waitFor();
  });

  it('an own-records user meets "not found" for the colleague\'s opportunity', async () => {
    const own = await h.newPage('en-US');
    try {
      await logIn(own.page, h.baseUrl, h.env.users.own2.email);
      await own.page.goto(`${h.baseUrl}/opportunities/${ids.opportunity}`);
      await own.page.locator('[role="alert"] >> text=Not found').waitFor();
      expect((await h.env.as('own2').get(`/api/v1/messages/${ids.email}/body`)).status).toBe(404);
    } finally {
      await own.context.close();
    }
  });
});

describe('leads', () => {
  it('creates a lead, converts it choosing the likely duplicate partner (same email), and it is an opportunity', async () => {
    // A second partner with a similar name, so the choice is a real one.
    await created(await api().post('/api/v1/partners').send({ name: 'Müller Metallbau', isCompany: true }));
    await page.click('nav >> text=Leads');
    await page.locator('h1 >> text=Leads').waitFor();
    await page.locator('.state-empty >> text=Keine offenen Leads').waitFor();
    await page.click('summary >> text=Neuer Lead');
    await page.fill('#new-lead-name', 'Kran für Halle 4');
    await page.fill('#new-lead-contactName', 'Eva Einkauf');
    await page.fill('#new-lead-companyName', 'Müller Maschinenbau');
    await page.fill('#new-lead-emailFrom', 'info@mueller.example');
    await page.fill('#new-lead-source', 'Messe');
    await page.click('details.new-record button[type="submit"]');
    await page.waitForURL(/\/leads\/\d+$/);
    const leadId = Number(page.url().split('/').pop());
    await page.locator('h1 >> text=Kran für Halle 4').waitFor();
    expect(await page.inputValue('#lead-source')).toBe('Messe');
    await page.fill('#lead-campaign', 'Herbst 2026');
    await page.fill('#lead-referredBy', 'Hans Hinweis');
    await page.click('.record-form button[type="submit"]');
    await page.locator('.record-form [role="status"]').waitFor();
    expect(await apiLead(leadId)).toMatchObject({
      type: 'lead',
      source: 'Messe',
      campaign: 'Herbst 2026',
      referredBy: 'Hans Hinweis',
    });
    expect(await axeViolations(page)).toEqual([]);

    await page.click('.record-actions button >> text=In Verkaufschance umwandeln');
    const dialog = page.locator('dialog[open]');
    await dialog.locator('text=gleiche E-Mail-Adresse').waitFor();
    const choice = dialog.locator(`input[name="convert-partner"][value="partner-${ids.partner}"]`);
    expect(await choice.isChecked()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-lead-convert.png') });
    await dialog.locator('button[type="submit"]').click();
    await page.waitForURL(`${h.baseUrl}/opportunities/${leadId}`);
    await page.locator('.record-header .badge >> text=Verkaufschance').waitFor();
    expect(await apiLead(leadId)).toMatchObject({ type: 'opportunity', partnerId: ids.partner });
    await page.locator('.chatter .trace >> text=In eine Verkaufschance umgewandelt').waitFor();
  });

  it('marks a lead lost with a reason and finds it under the lost leads', async () => {
    const leadId = await created(await api().post('/api/v1/leads').send({ type: 'lead', name: 'Anfrage ohne Budget' }));
    await page.click('nav >> text=Leads');
    await page.click(`#leads-list a >> text=Anfrage ohne Budget`);
    await page.waitForURL(`${h.baseUrl}/leads/${leadId}`);
    await page.click('.record-actions button >> text=Als verloren markieren');
    await page.locator('dialog[open] #lost-reason').selectOption({ label: 'Too expensive' });
    await page.click('dialog[open] button[type="submit"]');
    await page.locator('.record-header .badge[data-state="lost"]').waitFor();
    await page.click('text=Zurück zu den Leads');
    await page.locator('#leads-list').waitFor({ state: 'detached' });
    await page.selectOption('#leads-show', 'lost');
    await page.waitForURL(/\/leads\?show=lost$/);
    await page.locator('#leads-list a >> text=Anfrage ohne Budget').waitFor();
  });
});

describe('partners', () => {
  it('finds a partner by a phone number written differently, and by its name', async () => {
    await api()
      .patch(`/api/v1/partners/${ids.partner}`)
      .send({ phones: [{ number: '+49 711 123456' }], contactFrequencyDays: 30 });
    await page.click('nav >> text=Partner');
    await page.locator('h1 >> text=Partner').waitFor();
    await page.fill('#partners-search', '0711 / 12 34 56');
    await page.waitForURL(/\/partners\?q=/);
    // The unfiltered list may still be shown for a moment: wait for the answer to this search.
    await page.locator('#partners-list tbody tr:nth-child(2)').waitFor({ state: 'detached' });
    await page.locator('#partners-list a >> text=Müller Maschinenbau GmbH').waitFor();
    expect(await page.locator('#partners-list tbody tr').count()).toBe(1);
    await page.fill('#partners-search', 'nobody like this');
    await page.locator('.state-empty >> text=Kein Partner gefunden').waitFor();
    await page.fill('#partners-search', 'maschinenbau');
    await page.click('#partners-list a >> text=Müller Maschinenbau GmbH');
    await page.waitForURL(`${h.baseUrl}/partners/${ids.partner}`);
  });

  it('logs a call: last contact and contact count change; the total history shows it with the mail of its opportunities', async () => {
    const count = page.locator('dd[data-field="contactCount"]');
    expect(await count.textContent()).toBe('0');
    expect(await page.locator('dd[data-field="lastContactAt"]').textContent()).toBe('noch nie');
    await page.selectOption('#log-contact-channel', 'call');
    await page.fill('#log-contact-note', 'Angebot besprochen, Rückmeldung bis Freitag');
    await page.click('form[aria-labelledby="log-contact-title"] button[type="submit"]');
    await count.filter({ hasText: /^1$/ }).waitFor();
    expect(await page.locator('dd[data-field="lastContactAt"]').textContent()).not.toBe('noch nie');
    const partner = (await api().get(`/api/v1/partners/${ids.partner}`)).body;
    expect(partner).toMatchObject({ contactCount: 1 });
    expect(Date.now() - Date.parse(partner.lastContactAt)).toBeLessThan(60_000);

    const history = page.locator('.total-history');
    await history.locator('.trace >> text=Kontakt erfasst: Anruf').waitFor();
    // The e-mail filed on the partner's opportunity, its document and its changes are in the partner's history.
    await history.locator(`li[data-kind="message"][data-id="${ids.email}"] >> text=Anfrage Hallenkran`).waitFor();
    await history.locator('li[data-kind="document"] >> text=Angebot Hallenkran.pdf herunterladen').waitFor();
    await history.locator(`li[data-kind="message"][data-id="${ids.email}"] summary`).click();
    await page
      .frameLocator(`li[data-id="${ids.email}"] iframe`)
      .locator('text=Bitte um ein Angebot für 5 t Traglast.')
      .waitFor();
    await page.uncheck('input[name="history-trace"]');
    await history.locator('.trace').first().waitFor({ state: 'detached' });
    await history.locator(`li[data-kind="message"][data-id="${ids.email}"]`).waitFor();
    await page.check('input[name="history-trace"]');
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-partner.png') });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('merges a duplicate compared side by side, keeping its name; its opportunity moves to the kept partner', async () => {
    const duplicate = await created(
      await api()
        .post('/api/v1/partners')
        .send({ name: 'Müller Maschinenbau', isCompany: true, emails: [{ email: 'vertrieb@mueller.example' }] }),
    );
    const itsLead = await created(
      await api().post('/api/v1/leads').send({ type: 'opportunity', name: 'Ersatzteile', partnerId: duplicate }),
    );
    await page.click('.record-actions button >> text=Dublette zusammenführen');
    const dialog = page.locator('dialog[open]');
    await dialog.locator(`#merge-other option[value="${duplicate}"]`).waitFor({ state: 'attached' });
    await dialog.locator('#merge-other').selectOption(String(duplicate));
    await dialog.locator('table.merge-compare >> text=vertrieb@mueller.example').waitFor();
    expect(await dialog.locator('input[name="merge-keep"][value="this"]').isChecked()).toBe(true);
    // Row by row: the duplicate's shorter name is the one to keep.
    await dialog.locator('input[name="merge-value-name"][value="other"]').check();
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('section[aria-labelledby="partner-leads-title"] a >> text=Ersatzteile').waitFor();
    expect((await api().get(`/api/v1/partners/${duplicate}`)).status).toBe(404);
    expect(await apiLead(itsLead)).toMatchObject({ partnerId: ids.partner });
    await page.locator('h1 >> text=Müller Maschinenbau').waitFor();
    const kept = (await api().get(`/api/v1/partners/${ids.partner}`)).body;
    expect(kept.name).toBe('Müller Maschinenbau');
    expect(kept.emails.map((e: { email: string }) => e.email).sort()).toEqual([
      'info@mueller.example',
      'vertrieb@mueller.example',
    ]);
    expect(await missingKeys(page)).toBe('');
  });
});

describe('activities and the pipeline list', () => {
  it('suggests on the dashboard whom to call (a callback due), and "called" settles it', async () => {
    const callback = await created(
      await api()
        .post('/api/v1/partners')
        .send({ name: 'Rückruf GmbH', isCompany: true, callbackAt: new Date(Date.now() - 86_400_000).toISOString() }),
    );
    await page.click('nav >> text=Mein Dashboard');
    const item = page.locator(`ul.calls li[data-partner-id="${callback}"]`);
    await item.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await item.getAttribute('data-reason')).toBe('callback_overdue');
    expect(await item.textContent()).toContain('Letzter Kontakt: noch nie · 0 Kontakte');
    // The recent history of Alma's records: the won opportunity (she is its salesperson) is among them.
    await page
      .locator(`.recent-history li:has(a[href="/opportunities/${ids.opportunity}"]) >> text=Als gewonnen markiert`)
      .first()
      .waitFor();
    await page.click('button[aria-label="Angerufen: Anruf bei Rückruf GmbH erfassen"]');
    await item.waitFor({ state: 'detached' });
    expect((await api().get(`/api/v1/partners/${callback}`)).body).toMatchObject({ contactCount: 1, callbackAt: null });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('lists my planned activities by colour state, filters by type and person, and logs a call', async () => {
    // Alma (who sees all records) plans them, for herself and for Otto.
    const plan = async (user: 'all' | 'own', kind: string, summary: string, dueDate: string) =>
      created(
        await api().post('/api/v1/activities').send({
          kind,
          summary,
          dueDate,
          assignedUserId: h.env.users[user].id,
          recordType: 'partner',
          recordId: ids.partner,
        }),
      );
    const overdue = await plan('all', 'call', 'Nachfassen Kran', day(-3));
    const today = await plan('all', 'task', 'Angebot schreiben', day(0));
    const colleague = await plan('own', 'meeting', 'Messe-Nachbereitung', day(4));
    await page.click('nav >> text=Aktivitäten');
    await page.locator('h1 >> text=Aktivitäten').waitFor();
    await page.locator(`ul[data-group="overdue"] li[data-activity-id="${overdue}"]`).waitFor();
    await page.locator(`ul[data-group="today"] li[data-activity-id="${today}"]`).waitFor();
    expect(await page.locator(`li[data-activity-id="${colleague}"]`).count()).toBe(0);

    await page.selectOption('#activities-kind', 'call');
    await page.waitForURL(/\/activities\?kind=call$/);
    await page.locator(`li[data-activity-id="${today}"]`).waitFor({ state: 'detached' });
    await page.locator(`li[data-activity-id="${overdue}"]`).waitFor();
    await page.selectOption('#activities-kind', '');
    await page.selectOption('#activities-who', String(h.env.users.own.id));
    await page.waitForURL(new RegExp(`/activities\\?who=${h.env.users.own.id}$`));
    await page.locator(`ul[data-group="upcoming"] li[data-activity-id="${colleague}"]`).waitFor();
    await page.locator(`li[data-activity-id="${today}"]`).waitFor({ state: 'detached' });
    await page.selectOption('#activities-who', 'all');
    await page.locator(`li[data-activity-id="${today}"]`).waitFor();
    // Team Vertrieb Nord is Alma and Otto: both their activities.
    await page.selectOption('#activities-who', `team-${h.env.teamId}`);
    await page.waitForURL(/\/activities\?who=team-\d+$/);
    await page.locator(`li[data-activity-id="${colleague}"]`).waitFor();
    await page.locator(`li[data-activity-id="${today}"]`).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-activities.png') });

    await page.click(`button[aria-label="„Nachfassen Kran“ als erledigt markieren"]`);
    await page.locator(`li[data-activity-id="${overdue}"]`).waitFor({ state: 'detached' });
    expect((await api().get(`/api/v1/activities/${overdue}`)).body.status).toBe('done');

    await page.click('summary >> text=Anruf erfassen');
    await page.fill('#call-summary', 'Rückruf von Frau Einkauf');
    await page.selectOption('#call-direction', 'inbound');
    await page.fill('#call-minutes', '12');
    await page.fill('#call-outcome', 'Termin vereinbart');
    await page.click('details.new-record button[type="submit"]');
    await page.locator('details.new-record [role="status"] >> text=Anruf erfasst.').waitFor();
    const calls = await api().get('/api/v1/activities?kind=call&status=done');
    expect(calls.body.items.find((a: { summary: string }) => a.summary === 'Rückruf von Frau Einkauf')).toMatchObject({
      callDirection: 'inbound',
      callDurationSeconds: 720,
      callOutcome: 'Termin vereinbart',
      assignedUserId: h.env.users.all.id,
    });
  });

  it('shows the pipeline as a list: sorted by the server, grouped by stage, columns chosen, exported as CSV', async () => {
    for (const [name, expectedRevenue, stageId, expectedClosing] of [
      ['Förderband', 9000, pipeline.newId, '2026-12-20'],
      ['=Steuerung', 70000, pipeline.proposalId, null],
    ] as const) {
      await created(
        await api()
          .post('/api/v1/leads')
          .send({ type: 'opportunity', name, expectedRevenue, stageId, expectedClosing }),
      );
    }
    await page.click('nav >> text=Pipeline');
    await page.click('label:has-text("Liste")');
    await page.waitForURL(/\/pipeline\?view=list$/);
    const names = () =>
      page.evaluate<string[]>(
        "[...document.querySelectorAll('#pipeline-list tbody td[data-column=name]')].map((cell) => cell.textContent)",
      );
    await page.locator('#pipeline-list').waitFor();
    await page.click('#pipeline-list th[data-column="expectedRevenue"] button');
    await page.locator('#pipeline-list th[data-column="expectedRevenue"][aria-sort="ascending"]').waitFor();
    await page.click('#pipeline-list th[data-column="expectedRevenue"] button');
    await page.locator('#pipeline-list th[data-column="expectedRevenue"][aria-sort="descending"]').waitFor();
    await page
      .locator('#pipeline-list tbody tr:first-child td[data-column="name"]', { hasText: '=Steuerung' })
      .waitFor();
    const sorted = await names();
    const byApi = await api().get('/api/v1/leads?type=opportunity&sort=expectedRevenue&order=desc&limit=100');
    expect(sorted).toEqual(byApi.body.items.map((lead: { name: string }) => lead.name));

    // The closing days narrow the list (kept in the URL beside the view).
    await page.fill('#pipeline-closingFrom', '2026-12-01');
    await page.fill('#pipeline-closingTo', '2026-12-31');
    await page.waitForURL(/closingFrom=2026-12-01&closingTo=2026-12-31&view=list$/);
    await page.locator('#pipeline-list tbody tr:nth-child(2)').waitFor({ state: 'detached' });
    await page.locator('#pipeline-list td[data-column="name"] >> text=Förderband').waitFor();
    expect(await names()).toEqual(['Förderband']);
    await page.fill('#pipeline-closingFrom', '');
    await page.fill('#pipeline-closingTo', '');
    await page.waitForURL(/\/pipeline\?view=list$/);
    await page.locator('#pipeline-list tbody tr:nth-child(3)').waitFor();

    await page.selectOption('#pipeline-list-group', 'stageId');
    await page.locator('#pipeline-list tr.group-row >> text=Proposal').waitFor();
    await page.click('.column-choice summary');
    await page.uncheck('input[name="pipeline-list-column-companyName"]');
    await page.locator('#pipeline-list th[data-column="companyName"]').waitFor({ state: 'detached' });
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-pipeline-list.png') });
    expect(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Als CSV exportieren')]);
    expect(download.suggestedFilename()).toBe('pipeline.csv');
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\ufeff/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('Name,Phase,Verkäufer,Erwarteter Umsatz,Wahrscheinlichkeit,Erwarteter Abschluss,Angelegt');
    expect(lines.find((line) => line.startsWith("'=Steuerung"))).toMatch(
      /^'=Steuerung,Proposal,Alma Alle,70000,60,,\d{4}-/,
    );
    expect(lines).toHaveLength(sorted.length + 1);
  });
});

describe('German and English', () => {
  it('renders every page visited in German without a missing key, and again in English (with axe on each)', async () => {
    expect(await missingKeys(page)).toBe('');
    await page.click('.user-menu > button');
    await page.selectOption('#language-select', 'en');
    await page.keyboard.press('Escape');
    const pages: Array<[string, string]> = [
      [`/opportunities/${ids.opportunity}`, 'h2 >> text=Chatter'],
      ['/leads?show=lost', 'h1 >> text=Leads'],
      ['/partners', 'h1 >> text=Partners'],
      [`/partners/${ids.partner}`, 'h2 >> text=Total history'],
      ['/activities?who=all', 'h1 >> text=Activities'],
      ['/pipeline?view=list', '#pipeline-list'],
    ];
    for (const [url, ready] of pages) {
      // Client-side navigation keeps the document, so the missing keys of every page add up.
      await page.evaluate(`window.history.pushState({}, '', '${url}'); dispatchEvent(new PopStateEvent('popstate'))`);
      await page.locator(ready).first().waitFor();
      // The lists too: no serious or critical axe violation on any page.
      expect(await axeViolations(page)).toEqual([]);
    }
    await page.locator('.total-history, #pipeline-list').first().waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    expect(await missingKeys(page)).toBe('');
  });
});
