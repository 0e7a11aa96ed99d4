import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Browser, BrowserContext, chromium, ConsoleMessage, Page } from 'playwright-core';
import { createApp } from '../../../server/src/app';
import { createTestEnv, TEST_PASSWORD, TestEnv } from '../../support/test-env';

/**
 * What a browser test of the back office needs, once per test file: the app built (when dist is missing or older
 * than a source), a server on a fresh SQLite database serving it, Debian's Chromium, pages watched for page
 * errors and console errors (CSP violations are those), axe-core. Not a test file itself (no `.test.ts`).
 */
export const ROOT = path.resolve(__dirname, '../../..');
export const WEB_DIST = path.join(ROOT, 'server/web/dist');
export const ARTIFACTS = path.join(ROOT, 'test/artifacts');
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function newestChange(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((newest, entry) => {
    const full = path.join(dir, entry.name);
    const time = entry.isDirectory() ? newestChange(full) : fs.statSync(full).mtimeMs;
    return Math.max(newest, time);
  }, 0);
}

export function ensureBuilt(): void {
  const index = path.join(WEB_DIST, 'index.html');
  const sources = [path.join(ROOT, 'server/web/src'), path.join(ROOT, 'core/src')].map(newestChange);
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= Math.max(...sources)) return;
  execFileSync(process.execPath, [path.join(ROOT, 'server/web/build.mjs')], { cwd: ROOT, stdio: 'pipe' });
}

export interface BrowserHarness {
  env: TestEnv;
  server: http.Server;
  baseUrl: string;
  browser: Browser;
  /** Page errors and console errors seen so far; a test's afterEach expects none. */
  problems: string[];
  newPage(
    locale?: string,
    viewport?: { width: number; height: number },
  ): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * `apiDelayMs`: every /api request is answered that much later, as over a slow network or from a busy server — so
 * requests that wait on each other show as separate waves of the page's waterfall (waterfall-e2e.test.ts).
 */
export async function startHarness(options: { apiDelayMs?: number } = {}): Promise<BrowserHarness> {
  ensureBuilt();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const env = await createTestEnv();
  const handler: { app?: http.RequestListener } = {};
  const delay = options.apiDelayMs ?? 0;
  const server = http.createServer((req, res) => {
    if (delay && req.url?.startsWith('/api/')) setTimeout(() => handler.app!(req, res), delay);
    else handler.app!(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  handler.app = createApp({
    ...env.services,
    config: { ...env.services.config, publicUrl: baseUrl, webDir: WEB_DIST },
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const problems: string[] = [];
  const watch = (target: Page) => {
    target.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    target.on('console', (message: ConsoleMessage) => {
      // Chromium itself logs a 4xx the test provokes as "Failed to load resource": the network, not the app.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        problems.push(`console: ${message.text()}`);
      }
    });
    return target;
  };
  return {
    env,
    server,
    baseUrl,
    browser,
    problems,
    async newPage(locale = 'de-DE') {
      const context = await browser.newContext({
        locale,
        viewport: { width: 1280, height: 800 },
        acceptDownloads: true,
      });
      // Well under jest's 30 s, so a step that never happens fails with Playwright's own message (which locator).
      context.setDefaultTimeout(10_000);
      return { context, page: watch(await context.newPage()) };
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await env.close();
    },
  };
}

export async function logIn(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#login-email', email);
  await page.fill('#login-password', TEST_PASSWORD);
  await page.click('button[type="submit"]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }>;
}

/**
 * Serious and critical axe-core violations of the page. The e-mail frames are left out (`iframes: false`): they
 * are sandboxed without scripts, so axe cannot run inside them, and their content is the sender's, not the app's.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol, not as an inline <script>: the page's CSP rightly forbids that.
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate<AxeResult>('axe.run(document, { iframes: false })');
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

export async function missingKeys(page: Page): Promise<string> {
  return page.evaluate<string>("document.documentElement.dataset.missingKeys ?? ''");
}
