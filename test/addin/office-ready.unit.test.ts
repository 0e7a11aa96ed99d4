import { translator } from '../../core/src/filing-client/i18n';
import { OfficeGlobal, readinessOf, waitForOutlook } from '../../addin/src/office/office-ready';
import { outsideOutlookView } from '../../addin/src/taskpane/outside-outlook';
import { installOutlook } from './outlook-mock';

/** Where the task pane runs: Outlook, or a browser tab, another Office app, or nowhere Office.js answered. */

afterEach(() => {
  jest.useRealTimers();
  delete (globalThis as Record<string, unknown>).Office;
});

const answering = (info: { host: unknown; platform?: unknown }, context?: OfficeGlobal['context']): OfficeGlobal => ({
  onReady: () => Promise.resolve(info),
  context,
});

describe('waiting for Outlook', () => {
  it('is ready in Outlook, with a mailbox (office-addin-mock)', async () => {
    const office = installOutlook() as unknown as { context: OfficeGlobal['context'] };
    const outlook = { ...answering({ host: 'Outlook', platform: 'OfficeOnline' }), context: office.context };
    expect(await waitForOutlook(outlook)).toEqual({ kind: 'outlook' });
  });

  it('tells a plain browser (Office.onReady answers host null, no mailbox)', async () => {
    expect(await waitForOutlook(answering({ host: null, platform: null }, {}))).toEqual({
      kind: 'notOutlook',
      host: null,
    });
    expect(await waitForOutlook(answering({ host: null }))).toEqual({ kind: 'notOutlook', host: null });
  });

  it('tells another Office application by name, and an Outlook without mailbox like a browser', async () => {
    expect(await waitForOutlook(answering({ host: 'Word' }, {}))).toEqual({ kind: 'notOutlook', host: 'Word' });
    expect(readinessOf({ host: 'Outlook' }, { context: {} })).toEqual({ kind: 'notOutlook', host: null });
  });

  it('tells a page where Office.js did not load', async () => {
    expect(await waitForOutlook(undefined)).toEqual({ kind: 'noOfficeJs' });
    expect(await waitForOutlook({} as OfficeGlobal)).toEqual({ kind: 'noOfficeJs' });
  });

  it('stops waiting when Office.onReady never answers', async () => {
    jest.useFakeTimers();
    const silent: OfficeGlobal = { onReady: () => new Promise(() => undefined) };
    const waiting = waitForOutlook(silent, 10_000);
    await jest.advanceTimersByTimeAsync(9_999);
    let settled = false;
    void waiting.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await waiting).toEqual({ kind: 'noAnswer', seconds: 10 });
  });

  it('treats an Office.onReady that throws or rejects as no Outlook, never as an exception', async () => {
    const throwing: OfficeGlobal = {
      onReady: () => {
        throw new Error('Office.js failed to initialize');
      },
    };
    expect(await waitForOutlook(throwing)).toEqual({ kind: 'notOutlook', host: null });
    expect(await waitForOutlook({ onReady: () => Promise.reject(new Error('x')) })).toEqual({
      kind: 'notOutlook',
      host: null,
    });
  });
});

describe('what the pane says outside Outlook', () => {
  const server = 'https://crm.example.com/';

  it('points to the manifest this server renders, and names the reason', () => {
    expect(outsideOutlookView({ kind: 'notOutlook', host: null }, server)).toEqual({
      reason: null,
      manifestUrl: 'https://crm.example.com/addin/manifest.xml',
    });
    expect(outsideOutlookView({ kind: 'notOutlook', host: 'Excel' }, server).reason).toEqual({
      key: 'outsideOtherHost',
      params: { host: 'Excel' },
    });
    expect(outsideOutlookView({ kind: 'noOfficeJs' }, server).reason).toEqual({ key: 'outsideNoOfficeJs' });
    expect(outsideOutlookView({ kind: 'noAnswer', seconds: 10 }, server).reason).toEqual({
      key: 'outsideNoAnswer',
      params: { seconds: 10 },
    });
  });

  it('in German and in English', () => {
    const de = translator('de');
    const en = translator('en');
    expect(de('outsideOutlookText')).toMatch(/Add-in für Outlook/);
    expect(en('outsideOutlookText')).toMatch(/add-in for Outlook/);
    expect(de('outsideNoAnswer', { seconds: 10 })).toMatch(/innerhalb von 10 Sekunden/);
    expect(en('outsideOtherHost', { host: 'Word' })).toBe('It was opened in Word; it needs Outlook.');
    for (const t of [de, en]) expect(t('installForYourself')).toContain('https://aka.ms/olksideload');
  });
});
