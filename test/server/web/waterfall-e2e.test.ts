import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { setupPipeline } from '../leads/setup-pipeline';
import { ARTIFACTS, BrowserHarness, logIn, startHarness } from './browser-harness';

/**
 * The request waterfall of the main pages, in real Chromium: every API answer comes 200 ms late (as from a busy
 * server or over a slow link), so requests that wait on each other show as separate waves. A record's form asks for
 * all its data as the app starts, beside the session check (one wave); the dashboard's own-records panels and the
 * pipeline's columns need the user (and the stages, preloaded with the check) and come in a second wave. No data
 * waits for other data (the pipeline's columns for the stages, the chatter for its record), and no preload is
 * fetched twice. The waves per page are written to test/artifacts/waterfall.txt.
 */
const DELAY = 200;
let h: BrowserHarness;
let page: Page;
const ids: Record<string, number> = {};

/** What each page shows once its data is there, by its path (as bench:web measures it). */
const CONTENT: Array<[string, string]> = [
  ['^/$', 'table.totals, .panel .state-empty'],
  ['^/pipeline$', 'section.column li[data-lead-id]'],
  ['^/opportunities/', '.chatter-list li'],
  ['^/partners/', '.total-history .chatter-list li'],
];

beforeAll(async () => {
  h = await startHarness({ apiDelayMs: DELAY });
  const pipeline = await setupPipeline(h.env);
  const own = h.env.as('own');
  ids.partner = (await own.post('/api/v1/partners').send({ name: 'Wellen GmbH', isCompany: true })).body.id;
  ids.lead = (
    await own.post('/api/v1/leads').send({
      type: 'opportunity',
      name: 'Förderband',
      stageId: pipeline.newId,
      partnerId: ids.partner,
      expectedRevenue: 12000,
    })
  ).body.id;
  await own.post('/api/v1/messages').send({
    kind: 'note',
    body: 'Angebot bis Freitag',
    records: [
      { recordType: 'lead', recordId: ids.lead },
      { recordType: 'partner', recordId: ids.partner },
    ],
  });
  ({ page } = await h.newPage('de-DE'));
  // The moment the content is first in the document (performance.now(): since the navigation started), seen by the
  // page itself rather than by the test's polling. A script in the page's own terms (no DOM types here).
  await page.addInitScript(`{
    window.__contentAt = null;
    const selector = ${JSON.stringify(CONTENT)}.find(([pattern]) => new RegExp(pattern).test(location.pathname))?.[1];
    if (selector) {
      new MutationObserver((_, observer) => {
        if (!document.querySelector(selector)) return;
        observer.disconnect();
        window.__contentAt = performance.now();
      }).observe(document, { childList: true, subtree: true });
    }
  }`);
  await logIn(page, h.baseUrl, h.env.users.own.email);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  expect(h.problems.splice(0)).toEqual([]);
});

interface Request {
  path: string;
  start: number;
  end: number;
  wave: number;
}

/**
 * The page's API requests until the network is quiet, each with its wave (1 + the latest wave that ended before it
 * started), and when its content showed.
 */
async function waterfall(url: string): Promise<{ requests: Request[]; contentAt: number }> {
  await page.goto(url);
  // A function, not a string: the page's CSP forbids evaluating strings there.
  await page.waitForFunction(() => (globalThis as { __contentAt?: number | null }).__contentAt != null);
  await page.waitForLoadState('networkidle');
  const contentAt = await page.evaluate<number>('window.__contentAt');
  const entries = await page.evaluate<Array<{ name: string; startTime: number; responseEnd: number }>>(
    "performance.getEntriesByType('resource').map((e) => ({ name: e.name, startTime: e.startTime, responseEnd: e.responseEnd }))",
  );
  const requests: Request[] = entries
    .filter((e) => new URL(e.name).pathname.startsWith('/api/'))
    .map((e) => ({ path: e.name.replace(h.baseUrl, ''), start: e.startTime, end: e.responseEnd, wave: 1 }))
    .sort((a, b) => a.start - b.start);
  for (const request of requests) {
    const before = requests.filter((other) => other !== request && other.end <= request.start);
    request.wave = 1 + Math.max(0, ...before.map((other) => other.wave));
  }
  return { requests, contentAt };
}

it('loads a record form in one wave with the session check, the dashboard and the pipeline in two', async () => {
  const pages: Array<[string, string]> = [
    ['dashboard', '/'],
    ['pipeline', '/pipeline'],
    ['opportunity form', `/opportunities/${ids.lead}`],
    ['partner form', `/partners/${ids.partner}`],
  ];
  const report: string[] = [`API answers delayed by ${DELAY} ms; the waves of each page's API requests\n`];
  const waves: Record<string, { content: number; all: number; twice: string[] }> = {};
  for (const [name, url] of pages) {
    const { requests, contentAt } = await waterfall(`${h.baseUrl}${url}`);
    const paths = requests.map((r) => r.path);
    waves[name] = {
      content: Math.max(...requests.filter((r) => r.start < contentAt).map((r) => r.wave)),
      all: Math.max(...requests.map((r) => r.wave)),
      // A preload the app did not take would show as the same request twice.
      twice: paths.filter((p, i) => paths.indexOf(p) !== i),
    };
    report.push(
      `${name}: content after ${waves[name].content} waves, at ${contentAt.toFixed(0)} ms; ${waves[name].all} waves in all`,
    );
    for (const r of requests) {
      report.push(`  wave ${r.wave}  ${r.start.toFixed(0).padStart(5)}–${r.end.toFixed(0).padStart(5)} ms  ${r.path}`);
    }
  }
  fs.writeFileSync(path.join(ARTIFACTS, 'waterfall.txt'), `${report.join('\n')}\n`);
  const inWaves = (n: number) => ({ content: n, all: n, twice: [] });
  expect(waves).toEqual({
    dashboard: inWaves(2),
    pipeline: inWaves(2),
    'opportunity form': inWaves(1),
    'partner form': inWaves(1),
  });
});
