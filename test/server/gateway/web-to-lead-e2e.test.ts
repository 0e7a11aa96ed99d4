import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { Browser, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { createApp } from '../../../server/src/app';
import { Lead } from '../../../server/src/domain/leads/model';
import { createTestEnv, TestEnv } from '../../support/test-env';

/**
 * The embedded form in a real browser (Debian's Chromium): a customer's website on another origin carries the
 * snippet; a visitor arriving with UTM parameters fills it in and sends it.
 */
let env: TestEnv;
let akte: http.Server;
let website: http.Server;
let browser: Browser;
let akteUrl: string;
let app: Express;
let siteUrl: string;
const pages = new Map<string, string>();

const listen = async (server: http.Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  env = await createTestEnv({ AKTE_MAIL_GATEWAY: 'off' });
  const handler: { app?: http.RequestListener } = {};
  akte = http.createServer((req, res) => handler.app!(req, res));
  akteUrl = await listen(akte);
  app = createApp({ ...env.services, config: { ...env.services.config, publicUrl: akteUrl } });
  handler.app = app;
  website = http.createServer((req, res) => {
    const page = pages.get(new URL(req.url!, 'http://x').pathname);
    res.writeHead(page ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' }).end(page ?? 'not found');
  });
  siteUrl = await listen(website);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      // Ports the OS hands out may be on Chromium's "unsafe" list (ERR_UNSAFE_PORT, e.g. 6000, 10080).
      `--explicitly-allowed-ports=${[akteUrl, siteUrl].map((u) => new URL(u).port).join(',')}`,
    ],
  });
});
afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => website.close(resolve));
  await new Promise((resolve) => akte.close(resolve));
  await env.close();
});

/** A form on the customer's website: its snippet pasted into /<path>. */
async function formOnWebsite(path: string, settings: { minFillSeconds: number; maxPerIpHour?: number }) {
  // Through the app that knows its public URL: the snippet's action points at it.
  const res = await request(app)
    .post('/api/v1/lead-forms')
    .set('Authorization', `Bearer ${env.users.admin.token}`)
    .send({ teamId: env.teamId, name: 'Website', allowedOrigins: [siteUrl], maxPerIpHour: 20, ...settings });
  expect(res.status).toBe(201);
  pages.set(
    path,
    `<!doctype html><html><head><meta charset="utf-8"><title>Kunde</title></head><body>${res.body.snippet.de}</body></html>`,
  );
}

/** The form's start stamp a minute back, as if the visitor had taken their time (the stamp is a hidden field). */
async function shownAMinuteAgo(page: Page) {
  await page.evaluate(`document.querySelector('input[name="_started"]').value = String(Date.now() - 60000)`);
}

async function fillIn(page: Page, email: string) {
  await page.fill('input[name="name"]', 'Bruno Browser');
  await page.fill('input[name="email"]', email);
  await page.fill('input[name="company"]', 'Browser GmbH');
  await page.fill('textarea[name="message"]', 'Bitte um Rückruf');
}

it('creates the lead with its UTM fields from the embedded form; too fast, honeypot and flood are refused in words', async () => {
  await formOnWebsite('/kontakt', { minFillSeconds: 1, maxPerIpHour: 2 });
  // A second form that wants half a minute: whatever the machine's load, filling it in takes less.
  await formOnWebsite('/langsam', { minFillSeconds: 30 });
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  await page.goto(`${siteUrl}/kontakt?utm_source=google&utm_medium=cpc&utm_campaign=fruehling`);
  const shownAt = Date.now();
  await fillIn(page, 'bruno@browser.example');
  // A person takes longer than the form's minimum of one second; wait until that much has passed since it was shown.
  await page.waitForTimeout(Math.max(0, 1200 - (Date.now() - shownAt)));
  await Promise.all([page.waitForURL(`${akteUrl}/forms/**`), page.click('button[type="submit"]')]);
  await expect(page.textContent('body')).resolves.toContain('Vielen Dank');
  expect(await Lead.findOne({ where: { emailFrom: 'bruno@browser.example' } })).toMatchObject({
    contactName: 'Bruno Browser',
    companyName: 'Browser GmbH',
    source: 'google',
    medium: 'cpc',
    campaign: 'fruehling',
    referredBy: `${siteUrl}/kontakt?utm_source=google&utm_medium=cpc&utm_campaign=fruehling`,
    teamId: env.teamId,
  });

  // Too fast: sent as soon as the fields are filled in.
  await page.goto(`${siteUrl}/langsam`);
  await fillIn(page, 'schnell@browser.example');
  await Promise.all([page.waitForURL(`${akteUrl}/forms/**`), page.click('button[type="submit"]')]);
  await expect(page.textContent('body')).resolves.toContain('zu schnell abgeschickt');

  // Honeypot: a bot fills every field, the hidden one too.
  await page.goto(`${siteUrl}/kontakt`);
  await fillIn(page, 'bot@browser.example');
  await page.fill('input[name="website"]', 'http://spam.example');
  await shownAMinuteAgo(page);
  await Promise.all([page.waitForURL(`${akteUrl}/forms/**`), page.click('button[type="submit"]')]);
  await expect(page.textContent('body')).resolves.toContain('verstecktes Feld');

  // Flood: the form allows two submissions per hour from one address; two were sent, the third is refused.
  await page.goto(`${siteUrl}/kontakt`);
  await fillIn(page, 'flut@browser.example');
  await shownAMinuteAgo(page);
  await Promise.all([page.waitForURL(`${akteUrl}/forms/**`), page.click('button[type="submit"]')]);
  await expect(page.textContent('body')).resolves.toContain('Zu viele Einsendungen');

  for (const email of ['schnell@browser.example', 'bot@browser.example', 'flut@browser.example'])
    expect(await Lead.count({ where: { emailFrom: email } })).toBe(0);
  await context.close();
});
