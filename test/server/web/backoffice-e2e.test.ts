import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { localDay } from '../../../server/src/domain/activities/state';
import { WEB_APP_CSP } from '../../../server/src/web/client-routes';
import { TEST_PASSWORD, TestEnv } from '../../support/test-env';
import { Pipeline, setupPipeline } from '../leads/setup-pipeline';
import { ARTIFACTS, axeViolations, BrowserHarness, startHarness, WEB_DIST } from './browser-harness';

/**
 * The back office end to end, in real Chromium against a server on SQLite: the app built by Vite (built here when
 * server/web/dist is missing) served at / with its Content-Security-Policy; logging in (and back to the page the
 * user was on after the session expired), the dashboard's activity groups and revenue totals, the pipeline's drag
 * and drop across two stages (the probability follows, checked through the API), a move the server refuses (the
 * card returns, the server's message shows), won and lost with a reason; an *own records* user meets "not found";
 * axe-core finds no serious or critical violation; no i18n key is missing in German or English; no CSP violation,
 * page error or console error happens. One browser for the file; screenshots go to test/artifacts/.
 */
let h: BrowserHarness;
let env: TestEnv;
let server: http.Server;
let baseUrl: string;
let context: BrowserContext;
let page: Page;
let pipeline: Pipeline;
let negotiationId: number;
const ids: Record<string, number> = {};

const day = (offset: number) => {
  const date = new Date();
  date.setDate(date.getDate() + offset);
  return localDay(date);
};

/** A wider window than the harness's default: the board's four columns side by side, for dragging between them. */
const newPage = (locale: string) => h.newPage(locale, { width: 1400, height: 900 });

async function logIn(target: Page, email: string): Promise<void> {
  await target.fill('#login-email', email);
  await target.fill('#login-password', TEST_PASSWORD);
  await target.click('button[type="submit"]');
}

async function createOpportunity(user: 'all' | 'own2', body: Record<string, unknown>): Promise<number> {
  const res = await env
    .as(user)
    .post('/api/v1/leads')
    .send({ type: 'opportunity', ...body });
  expect(res.status).toBe(201);
  return res.body.id as number;
}

const apiLead = async (id: number) => (await env.as('all').get(`/api/v1/leads/${id}`)).body;

/** Drags a card by its handle onto a column with the mouse, in small steps as a person would (dnd-kit's sensor). */
async function drag(leadId: number, stageId: number): Promise<void> {
  const handle = await page.locator(`li[data-lead-id="${leadId}"] .drag-handle`).boundingBox();
  const column = await page.locator(`section.column[data-stage-id="${stageId}"]`).boundingBox();
  if (!handle || !column) throw new Error('card or column not visible');
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(handle.x + handle.width / 2 + 12, handle.y + handle.height / 2 + 12, { steps: 4 });
  await page.mouse.move(column.x + column.width / 2, column.y + 80, { steps: 12 });
  await page.mouse.up();
}

const cardIn = (stageId: number, leadId: number) =>
  page.locator(`section.column[data-stage-id="${stageId}"] li[data-lead-id="${leadId}"]`);

async function expectNoMissingKeys(target: Page): Promise<void> {
  expect(await target.evaluate<string>("document.documentElement.dataset.missingKeys ?? ''")).toBe('');
}

beforeAll(async () => {
  h = await startHarness();
  ({ env, server, baseUrl } = h);

  pipeline = await setupPipeline(env);
  const negotiation = await env
    .as('admin')
    .post('/api/v1/stages')
    .send({ name: 'Verhandlung', sequence: 40, probability: 80 });
  negotiationId = negotiation.body.id;
  await env.as('admin').post('/api/v1/lost-reasons').send({ name: 'Zu teuer' });
  const all = env.users.all.id;
  ids.calendar = await createOpportunity('all', {
    name: 'Kalender-Integration',
    expectedRevenue: 25000,
    stageId: pipeline.newId,
    salespersonId: all,
  });
  ids.move = await createOpportunity('all', {
    name: 'Server-Umzug',
    expectedRevenue: 12000,
    stageId: pipeline.newId,
    salespersonId: all,
  });
  ids.hidden = await createOpportunity('own2', { name: 'Geheimprojekt', expectedRevenue: 5000 });
  for (const [key, summary, dueDate] of [
    ['overdue', 'Angebot nachfassen', day(-2)],
    ['today', 'Rückruf Müller', day(0)],
    ['upcoming', 'Messe vorbereiten', day(5)],
  ] as const) {
    const res = await env
      .as('all')
      .post('/api/v1/activities')
      .send({ kind: 'call', summary, dueDate, assignedUserId: all, recordType: 'lead', recordId: ids.calendar });
    expect(res.status).toBe(201);
    ids[key] = res.body.id;
  }

  ({ context, page } = await newPage('de-DE'));
}, 120_000);

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  expect(h.problems.splice(0)).toEqual([]);
});

describe('the back office in Chromium', () => {
  it('is served at / with a strict CSP, a history fallback, and leaves the protocols alone', async () => {
    const index = await request(server).get('/').set('Accept', 'text/html');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(WEB_APP_CSP);
    expect(WEB_APP_CSP).toContain("script-src 'self'");
    expect(WEB_APP_CSP).not.toContain('unsafe-inline');
    expect(WEB_APP_CSP).not.toContain('unsafe-eval');
    expect(WEB_APP_CSP).toContain("frame-ancestors 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    // Every script of the page is a file of our own: nothing inline that the CSP would have to allow.
    const scripts = [...index.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\ssrc="\/assets\/[^"]+\.js"/);
      expect(body.trim()).toBe('');
    }
    expect(index.text).not.toMatch(/\sstyle=|<style/);

    const deep = await request(server).get('/opportunities/7?x=1').set('Accept', 'text/html');
    expect(deep.status).toBe(200);
    expect(deep.text).toBe(index.text);

    const api = await request(server).get('/api/v1/nothing-here').set('Accept', 'text/html');
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toMatch(/json/);
    expect((await request(server).get('/healthz').set('Accept', 'text/html')).body).toEqual({ status: 'ok' });
    const dav = await request(server).get('/.well-known/carddav').set('Accept', 'text/html');
    expect(dav.status).not.toBe(200);
    expect(dav.text).not.toBe(index.text);
    expect((await request(server).get('/assets/missing-1234.js')).status).toBe(404);

    // The production build: React's development build (which jest's NODE_ENV=test would select) is not bundled.
    for (const name of fs.readdirSync(path.join(WEB_DIST, 'assets')).filter((file) => file.endsWith('.js'))) {
      expect(fs.readFileSync(path.join(WEB_DIST, 'assets', name), 'utf8')).not.toContain('React DevTools');
    }

    // No source maps in the production build, and none referenced.
    const assets = fs.readdirSync(path.join(WEB_DIST, 'assets'));
    expect(assets.filter((name) => name.endsWith('.map'))).toEqual([]);
    for (const name of assets.filter((file) => file.endsWith('.js'))) {
      expect(fs.readFileSync(path.join(WEB_DIST, 'assets', name), 'utf8')).not.toContain('sourceMappingURL');
    }
  });

  it('sends an anonymous visitor to the login, and after logging in back to the page asked for', async () => {
    await page.goto(`${baseUrl}/pipeline`);
    await page.waitForURL(/\/login\?from=%2Fpipeline$/);
    expect(await page.locator('h1').textContent()).toBe('Bei Akte anmelden');
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('de');

    await page.fill('#login-email', env.users.all.email);
    await page.fill('#login-password', 'wrong password');
    await page.click('button[type="submit"]');
    expect(await page.locator('[role="alert"]').textContent()).toBe('Wrong email or password');

    await logIn(page, env.users.all.email);
    await page.waitForURL(`${baseUrl}/pipeline`);
    await page.locator('section.column').first().waitFor();
    await expectNoMissingKeys(page);
  });

  it('shows my activities overdue, today and upcoming, marks one done, and my opportunities by stage', async () => {
    await page.click('nav >> text=Mein Dashboard');
    await page.waitForURL(`${baseUrl}/`);
    const group = (key: string) => page.locator(`ul.activity-list[data-group="${key}"]`);
    await group('overdue').waitFor();
    expect(await group('overdue').textContent()).toContain('Angebot nachfassen');
    expect(await group('today').textContent()).toContain('Rückruf Müller');
    expect(await group('upcoming').textContent()).toContain('Messe vorbereiten');
    // The colours are the states' (red, orange, green), not decoration that a theme may drop.
    const border = (key: string) =>
      page.evaluate<string>(`getComputedStyle(document.querySelector('.activity-${key}')).borderLeftColor`);
    expect(await border('overdue')).toBe('rgb(179, 38, 30)');
    expect(await border('today')).toBe('rgb(217, 122, 0)');
    expect(await border('upcoming')).toBe('rgb(30, 107, 52)');

    const totals = page.locator(`table.totals tr[data-stage-id="${pipeline.newId}"]`);
    await totals.waitFor();
    expect((await totals.textContent())!.replace(/\s/g, ' ')).toBe('New237.000 €3.700 €');
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-dashboard.png') });
    expect(await axeViolations(page)).toEqual([]);

    await page.click('button[aria-label="„Rückruf Müller“ als erledigt markieren"]');
    await page.locator(`li[data-activity-id="${ids.today}"]`).waitFor({ state: 'detached' });
    expect(await page.locator('ul.activity-list[data-group="today"]').count()).toBe(0);
    const done = await env.as('all').get(`/api/v1/activities/${ids.today}`);
    expect(done.body.status).toBe('done');
  });

  it('drags an opportunity across two stages; the probability follows', async () => {
    await page.click('nav >> text=Pipeline');
    await cardIn(pipeline.newId, ids.calendar).waitFor();
    const newTotal = page.locator(`section.column[data-stage-id="${pipeline.newId}"] .column-total`);
    // Alma sees all records: her two and Olga's Geheimprojekt (5.000 €) in the first stage.
    // Intl puts a no-break space before the euro sign.
    expect(await newTotal.textContent()).toMatch(/^3 · 42\.000\s€$/);

    await drag(ids.calendar, pipeline.qualifiedId);
    await cardIn(pipeline.qualifiedId, ids.calendar).waitFor();
    await page.locator('.pipeline-notice >> text=nach Qualified verschoben').waitFor();
    expect(await apiLead(ids.calendar)).toMatchObject({ stageId: pipeline.qualifiedId, probability: 30 });

    await drag(ids.calendar, pipeline.proposalId);
    await cardIn(pipeline.proposalId, ids.calendar).waitFor();
    await page.locator('.pipeline-notice >> text=nach Proposal verschoben').waitFor();
    expect(await apiLead(ids.calendar)).toMatchObject({ stageId: pipeline.proposalId, probability: 60 });
    await newTotal.filter({ hasText: /^2 · 17\.000\s€$/ }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'web-pipeline.png') });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('moves a card with the keyboard alone: space lifts it, the arrows jump columns, space drops it', async () => {
    const keyboardMove = async (
      key: 'ArrowLeft' | 'ArrowRight',
      stageId: number,
      stage: string,
      probability: number,
    ) => {
      await page.focus(`li[data-lead-id="${ids.calendar}"] .drag-handle`);
      await page.keyboard.press('Space');
      await page.locator(`li.card-dragging[data-lead-id="${ids.calendar}"]`).waitFor();
      await page.keyboard.press(key);
      await page.locator(`section.column-over[data-stage-id="${stageId}"]`).waitFor();
      await page.keyboard.press('Space');
      await cardIn(stageId, ids.calendar).waitFor();
      // The server's confirmation, after which the API answers with the new stage.
      await page
        .locator('.pipeline-notice p', { hasText: `„Kalender-Integration“ nach ${stage} verschoben.` })
        .waitFor();
      expect(await apiLead(ids.calendar)).toMatchObject({ stageId, probability });
    };
    await keyboardMove('ArrowLeft', pipeline.qualifiedId, 'Qualified', 30);
    await keyboardMove('ArrowRight', pipeline.proposalId, 'Proposal', 60);
  });

  it('puts a card back and shows the server message when the server refuses the move', async () => {
    // An administrator deletes the empty stage while this board still shows it: the move cannot succeed.
    expect((await env.as('admin').delete(`/api/v1/stages/${negotiationId}`)).status).toBe(204);
    await drag(ids.move, negotiationId);
    const alert = page.locator('.pipeline-notice[role="alert"]');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/^„Server-Umzug“ konnte nicht verschoben werden: .*stage/i);
    await cardIn(pipeline.newId, ids.move).waitFor();
    expect(await cardIn(negotiationId, ids.move).count()).toBe(0);
    expect(await apiLead(ids.move)).toMatchObject({ stageId: pipeline.newId, probability: 10 });
  });

  it('marks one opportunity won, and another lost with a reason from the list', async () => {
    await page.click('button[aria-label="„Kalender-Integration“ als gewonnen markieren"]');
    await cardIn(pipeline.wonId, ids.calendar).waitFor();
    expect(await apiLead(ids.calendar)).toMatchObject({ state: 'won', probability: 100, stageId: pipeline.wonId });

    await page.click('button[aria-label="„Server-Umzug“ als verloren markieren"]');
    const dialog = page.locator('dialog[open]');
    await dialog.locator('#lost-reason').waitFor();
    expect(await dialog.locator('button[type="submit"]').isDisabled()).toBe(true);
    await dialog.locator('#lost-reason').selectOption({ label: 'Zu teuer' });
    await dialog.locator('#lost-note').fill('Budget gestrichen');
    await dialog.locator('button[type="submit"]').click();
    await page.locator(`li[data-lead-id="${ids.move}"]`).waitFor({ state: 'detached' });
    const reasons = (await env.as('all').get('/api/v1/lost-reasons')).body.items as Array<{ id: number; name: string }>;
    expect(await apiLead(ids.move)).toMatchObject({
      state: 'lost',
      lostReasonId: reasons.find((reason) => reason.name === 'Zu teuer')!.id,
    });
  });

  it('finds the lost one under the lost filter, and restores it to the pipeline', async () => {
    await page.selectOption('#pipeline-show', 'lost');
    await page.waitForURL(/\/pipeline\?show=lost$/);
    const lostCard = cardIn(pipeline.newId, ids.move);
    await lostCard.locator('.badge-lost >> text=Verloren').waitFor();
    await page.click('button[aria-label="„Server-Umzug“ in die Pipeline zurückholen"]');
    await lostCard.waitFor({ state: 'detached' });
    expect(await apiLead(ids.move)).toMatchObject({ state: 'open', active: true, stageId: pipeline.newId });
    await page.selectOption('#pipeline-show', 'pipeline');
    await page.waitForURL(/\/pipeline$/);
    await cardIn(pipeline.newId, ids.move).locator('button >> text=Verloren').waitFor();
  });

  it('filters by search and scope (kept in the URL), and quick-creates an opportunity in a column', async () => {
    const cards = () =>
      page.evaluate<number[]>(
        "[...document.querySelectorAll('li[data-lead-id]')].map((card) => Number(card.dataset.leadId))",
      );
    await page.fill('#pipeline-search', 'geheim');
    await page.waitForURL(/\/pipeline\?q=geheim$/);
    await page.locator(`li[data-lead-id="${ids.calendar}"]`).waitFor({ state: 'detached' });
    await page.locator(`li[data-lead-id="${ids.hidden}"]`).waitFor();
    await page.locator('section.column .state-loading').first().waitFor({ state: 'detached' });
    expect(await cards()).toEqual([ids.hidden]);
    await page.click('label:has-text("Meine")');
    await page.waitForURL(/\/pipeline\?scope=mine&q=geheim$/);
    await page.locator('.state-empty >> text=Keine Verkaufschance passt zu diesen Filtern.').waitFor();
    expect(await cards()).toEqual([]);
    await page.click('label:has-text("Alle")');
    await page.fill('#pipeline-search', '');
    await page.waitForURL(/\/pipeline$/);
    await page.locator(`li[data-lead-id="${ids.calendar}"]`).waitFor();

    await page.click(`button[aria-label="Neue Verkaufschance in Qualified"]`);
    await page.fill(`#quick-${pipeline.qualifiedId}-name`, 'Wartungsvertrag');
    await page.fill(`#quick-${pipeline.qualifiedId}-revenue`, '8000');
    await page.keyboard.press('Enter');
    const created = page.locator(`section.column[data-stage-id="${pipeline.qualifiedId}"] li`, {
      hasText: 'Wartungsvertrag',
    });
    await created.waitFor();
    const found = await env.as('all').get('/api/v1/leads?q=Wartungsvertrag');
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({
      type: 'opportunity',
      stageId: pipeline.qualifiedId,
      probability: 30,
      expectedRevenue: 8000,
      salespersonId: env.users.all.id,
    });
  });

  it('switches to English in the user menu, with no key missing in either language', async () => {
    await page.click('.user-menu > button');
    await page.selectOption('#language-select', 'en');
    await page.locator('h1 >> text=Pipeline').waitFor();
    await page.keyboard.press('Escape');
    await page.click('nav >> text=My dashboard');
    await page.locator('h1 >> text=My dashboard').waitFor();
    await page.locator('h2 >> text=My open opportunities').waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    await expectNoMissingKeys(page);
  });

  it('an own-records user gets "not found" for a colleague\'s opportunity, and back to it after the session expired', async () => {
    const own = await newPage('de-DE');
    try {
      await own.page.goto(`${baseUrl}/opportunities/${ids.calendar}`);
      await own.page.waitForURL(/\/login\?from=/);
      await logIn(own.page, env.users.own2.email);
      await own.page.waitForURL(`${baseUrl}/opportunities/${ids.calendar}`);
      await own.page.locator('[role="alert"] >> text=Nicht gefunden').waitFor();
      expect((await env.as('own2').get(`/api/v1/leads/${ids.calendar}`)).status).toBe(404);

      await own.page.goto(`${baseUrl}/opportunities/${ids.hidden}`);
      await own.page.locator('h1 >> text=Geheimprojekt').waitFor();
      // The form loads its chatter, activities and users after the heading: let those answers arrive first, so
      // the 401 below comes from the click, not from a request still under way.
      await own.page.waitForLoadState('networkidle');

      // The session ends on the server (as after "reset-password"): the next request meets 401.
      await env.sequelize.query(`DELETE FROM sessions WHERE user_id = ${env.users.own2.id}`);
      await own.page.click('nav >> text=Pipeline');
      await own.page.waitForURL(/\/login\?from=%2Fpipeline$/);
      expect(await own.page.locator('[role="status"]').textContent()).toBe(
        'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
      );
      await logIn(own.page, env.users.own2.email);
      await own.page.waitForURL(`${baseUrl}/pipeline`);
      // Only her own opportunity is on her board; the colleague's are not.
      await own.page.locator(`li[data-lead-id="${ids.hidden}"]`).waitFor();
      await own.page.locator('section.column .state-loading').first().waitFor({ state: 'detached' });
      const shown = await own.page.evaluate<number[]>(
        "[...document.querySelectorAll('li[data-lead-id]')].map((card) => Number(card.dataset.leadId))",
      );
      expect(shown).toEqual([ids.hidden]);
    } finally {
      await own.context.close();
    }
  });

  it('changes the password from the user menu: the server checks the current one and the length', async () => {
    const own = await newPage('de-DE');
    try {
      await own.page.goto(`${baseUrl}/`);
      await logIn(own.page, env.users.own.email);
      await own.page.locator('h1 >> text=Mein Dashboard').waitFor();
      await own.page.click('.user-menu > button');
      await own.page.click('text=Passwort ändern');
      await own.page.waitForURL(`${baseUrl}/account/password`);
      const attempt = async (current: string, next: string, repeat = next) => {
        await own.page.fill('#password-current', current);
        await own.page.fill('#password-new', next);
        await own.page.fill('#password-repeat', repeat);
        await own.page.click('form button[type="submit"]');
      };
      const alert = own.page.locator('form [role="alert"]');
      await attempt(TEST_PASSWORD, 'lang genug 1', 'lang genug 2');
      expect(await alert.textContent()).toBe('Die beiden neuen Passwörter sind verschieden.');
      await attempt('not my password', 'a new long password');
      await alert.filter({ hasText: 'current password is missing or wrong' }).waitFor();
      await attempt(TEST_PASSWORD, 'short');
      await alert.filter({ hasText: 'at least 10 characters' }).waitFor();
      await attempt(TEST_PASSWORD, 'a new long password');
      await own.page.locator('form [role="status"] >> text=Ihr Passwort wurde geändert.').waitFor();

      const login = (password: string) =>
        request(server).post('/api/v1/auth/login').send({ email: env.users.own.email, password });
      expect((await login(TEST_PASSWORD)).status).toBe(401);
      expect((await login('a new long password')).status).toBe(200);
      // This browser session stayed valid.
      await own.page.click('nav >> text=Pipeline');
      await own.page.locator('h1 >> text=Pipeline').waitFor();
    } finally {
      await own.context.close();
    }
  });

  it('logs out, and the session is gone on the server', async () => {
    await page.click('.user-menu > button');
    await page.click('text=Log out');
    await page.waitForURL(/\/login$/);
    expect(await page.locator('[role="status"]').textContent()).toBe('You are logged out.');
    const cookies = await context.cookies();
    expect(cookies.filter((cookie) => cookie.name === 'akte_session')).toEqual([]);
    await page.goto(`${baseUrl}/`);
    await page.waitForURL(/\/login$/);
  });
});
