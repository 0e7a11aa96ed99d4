import { outlookHost } from '../../addin/src/office/outlook-host';
import { memoryConnectionStore } from '../../core/src/filing-client/connection';
import { FilingController } from '../../core/src/filing-client/controller';
import type { PaneState, ReadyState } from '../../core/src/filing-client/state';
import { candidates, senderCard } from '../../core/src/filing-client/view-model';
import { FakeAkte, kimLookup } from './fake-api';
import { asyncMethod, installOutlook, ok, readItem, RAW_EML } from './outlook-mock';

/**
 * The task pane's logic over office-addin-mock's Outlook and an in-memory API: the state machine's paths
 * (not connected, reconnect, empty, error, ready) and the actions.
 */
const SERVER = 'https://crm.example.com';

function setup(options: { token?: string | null; office?: Parameters<typeof installOutlook>[0] } = {}) {
  const office = installOutlook(options.office);
  const api = new FakeAkte();
  const token = options.token === undefined ? 'akte_valid' : options.token;
  const store = memoryConnectionStore(
    token ? { serverUrl: SERVER, token, account: { name: 'Otto Eigen', email: 'otto@akte.example' } } : null,
  );
  const snapshots: PaneState[] = [];
  const controller = new FilingController({
    host: outlookHost(),
    store,
    defaultServerUrl: SERVER,
    fetch: api.fetch,
    onChange: (c) => snapshots.push(c.state),
  });
  return { office, api, store, controller, snapshots, states: () => snapshots.map((s) => s.kind) };
}

const ready = (c: FilingController) => {
  expect(c.state.kind).toBe('ready');
  return c.state as ReadyState;
};

afterEach(() => {
  delete (globalThis as Record<string, unknown>).Office;
});

describe('task pane states', () => {
  it('asks to connect when there is no token, without calling the API', async () => {
    const { controller, api } = setup({ token: null });
    await controller.start();
    expect(controller.state).toEqual({ kind: 'notConnected', notice: null });
    expect(api.requests).toHaveLength(0);
  });

  it('loads, then shows the sender card with company, phone, salesperson and open opportunities', async () => {
    const { controller, states, api } = setup();
    await controller.start();
    expect(states()).toEqual(['loading', 'ready']);
    const lookup = JSON.parse(api.requests[0].body);
    expect(lookup).toEqual({
      participants: [
        { email: 'kim@kunde.example', name: 'Kim Kunde', role: 'from' },
        { email: 'otto@akte.example', name: 'Otto Eigen', role: 'to' },
      ],
      messageId: '<m1@kunde.example>',
      inReplyTo: '<m0@akte.example>',
      references: ['<root@akte.example>', '<m0@akte.example>'],
    });
    expect(api.requests[0].authorization).toBe('Bearer akte_valid');
    const card = senderCard(ready(controller));
    expect(card.partner?.name).toBe('Kim Kunde');
    expect(card.companyName).toBe('Kunde GmbH');
    expect(card.partner?.phone).toBe('+49 30 1234');
    expect(card.partner?.salespersonName).toBe('Otto Eigen');
    expect(card.opportunities.map((o) => [o.name, o.stageName, o.expectedRevenue])).toEqual([
      ['Rahmenvertrag 2025', 'Angebot', 12000],
    ]);
  });

  it('turns a revoked token into the reconnect state', async () => {
    const { controller } = setup({ token: 'akte_revoked' });
    await controller.start();
    expect(controller.state).toEqual({ kind: 'reconnect', notice: null });
  });

  it('is empty when no message is open, and explains never-logged mail', async () => {
    const none = setup({ office: { item: null } });
    await none.controller.start();
    expect(none.controller.state).toEqual({ kind: 'empty', reason: 'noItem' });
    delete (globalThis as Record<string, unknown>).Office;

    const privateMail = setup();
    privateMail.api.lookupResult = kimLookup({ neverLog: true, partners: [], leads: [] });
    await privateMail.controller.start();
    expect(privateMail.controller.state).toEqual({ kind: 'empty', reason: 'neverLog' });
  });

  it('shows the offline error when the server cannot be reached, and recovers on retry', async () => {
    const { controller, api } = setup();
    api.offline = true;
    await controller.start();
    expect(controller.state).toEqual({ kind: 'error', key: 'errorOffline', detail: null });
    api.offline = false;
    await controller.refresh();
    expect(controller.state.kind).toBe('ready');
  });
});

describe('pairing', () => {
  function dialogUi(message: string) {
    const opened: string[] = [];
    const ui = {
      displayDialogAsync: (url: string, _options: unknown, cb: (r: unknown) => void) => {
        opened.push(url);
        const dialog = {
          closed: false,
          close() {
            dialog.closed = true;
          },
          addEventHandler(type: string, handler: (arg: unknown) => void) {
            if (type === 'dialogMessageReceived') setTimeout(() => handler({ message, origin: SERVER }), 0);
          },
        };
        setTimeout(() => cb({ status: 'succeeded', value: dialog }), 0);
      },
    };
    return { ui, opened };
  }

  it('opens the connect page in a dialog, exchanges the code for a device token and loads', async () => {
    const { ui, opened } = dialogUi(JSON.stringify({ code: 'v1.good.code' }));
    const { controller, api, store } = setup({ token: null, office: { ui } });
    await controller.start();
    await controller.connect();
    const url = new URL(opened[0]);
    expect(url.origin + url.pathname).toBe(`${SERVER}/addin/connect`);
    expect(url.searchParams.get('redirect')).toBe(`${SERVER}/addin/connected.html`);
    expect(url.searchParams.get('device')).toBe('Web – otto@akte.example');
    const pair = api.requests.find((r) => r.path === '/api/v1/filing/pair')!;
    expect(JSON.parse(pair.body)).toEqual({ code: 'v1.good.code', deviceName: 'Web – otto@akte.example' });
    expect(pair.authorization).toBeNull();
    expect(store.current).toEqual({
      serverUrl: SERVER,
      token: 'akte_paired',
      account: { name: 'Otto Eigen', email: 'otto@akte.example' },
    });
    expect(controller.state.kind).toBe('ready');
  });

  it('stays in reconnect with a notice when the user cancels on the connect page', async () => {
    const { ui } = dialogUi(JSON.stringify({ error: 'access_denied' }));
    const { controller, store } = setup({ token: 'akte_revoked', office: { ui } });
    await controller.start();
    await controller.connect();
    expect(controller.state).toEqual({ kind: 'reconnect', notice: { tone: 'info', key: 'connectCancelled' } });
    expect(store.current?.token).toBe('akte_revoked');
  });

  it('reports a rejected pairing code', async () => {
    const { ui } = dialogUi(JSON.stringify({ code: 'v1.expired' }));
    const { controller } = setup({ token: null, office: { ui } });
    await controller.connect();
    expect(controller.state).toMatchObject({ kind: 'notConnected', notice: { tone: 'error', key: 'connectFailed' } });
  });
});

describe('filing', () => {
  it('needs a chosen record', async () => {
    const { controller, api } = setup();
    await controller.start();
    await controller.file();
    expect(ready(controller).notice).toEqual({ tone: 'error', key: 'chooseTarget' });
    expect(api.requests.filter((r) => r.path === '/api/v1/filing/messages')).toHaveLength(0);
  });

  it('sends the raw message as message/rfc822 with the targets, shows the badge, and reports a second filing as a no-op', async () => {
    const { controller, api } = setup();
    await controller.start();
    controller.toggleTarget('lead:7');
    await controller.file();
    const filing = api.requests.find((r) => r.path === '/api/v1/filing/messages')!;
    expect(filing.contentType).toBe('message/rfc822');
    expect(filing.query.get('targets')).toBe('lead:7');
    expect(filing.body).toBe(RAW_EML);
    let state = ready(controller);
    expect(state.notice).toEqual({ tone: 'success', key: 'filedOk', params: { names: 'Rahmenvertrag 2025' } });
    expect(state.lookup?.filed.map((r) => `${r.recordType}:${r.recordId}`)).toEqual(['lead:7']);
    expect(candidates(state).find((c) => c.key === 'lead:7')).toMatchObject({ filed: true, selected: false });

    controller.toggleTarget('lead:7');
    await controller.file();
    state = ready(controller);
    expect(state.notice).toEqual({ tone: 'info', key: 'filedAgain', params: { names: 'Rahmenvertrag 2025' } });
  });

  it('files a reply automatically where its thread is filed when the user enabled it', async () => {
    const { controller, api } = setup();
    api.lookupResult = kimLookup({
      autoFileReplies: true,
      suggested: [
        {
          recordType: 'lead',
          recordId: 7,
          name: 'Rahmenvertrag 2025',
          partnerId: 4,
          leadType: 'opportunity',
          reason: 'thread',
        },
      ],
    });
    await controller.start();
    const filing = api.requests.find((r) => r.path === '/api/v1/filing/messages')!;
    expect(filing.query.get('targets')).toBe('lead:7');
    expect(ready(controller).notice).toMatchObject({ key: 'autoFiled' });
  });

  it('files several selected emails one by one with progress, counting failures (Mailbox 1.13/1.15)', async () => {
    const raw = (id: string) => Buffer.from(RAW_EML.replace('<m1@kunde.example>', id)).toString('base64');
    const items: Record<string, string> = { a: raw('<a@x>'), b: raw('<b@x>'), c: raw('<c@x>') };
    const loadItemByIdAsync = (itemId: string, cb: (r: unknown) => void) =>
      setTimeout(
        () =>
          cb({
            status: 'succeeded',
            value: {
              ...readItem({ getAsFileAsync: asyncMethod(ok(items[itemId])) }),
              unloadAsync: asyncMethod(ok(undefined)),
            },
          }),
        0,
      );
    const { controller, api, snapshots } = setup({
      office: {
        mailbox: {
          getSelectedItemsAsync: asyncMethod(
            ok(['a', 'b', 'c'].map((itemId) => ({ itemId, subject: itemId, itemType: 'message' }))),
          ),
          loadItemByIdAsync,
        },
      },
    });
    api.failFilingOf.add('<b@x>');
    await controller.start();
    let state = ready(controller);
    expect(state.selection).toHaveLength(3);
    controller.toggleTarget('lead:7');
    await controller.file();
    state = ready(controller);
    const progress = snapshots.flatMap((s) => (s.kind === 'ready' && s.progress ? [s.progress] : []));
    const filed = api.requests
      .filter((r) => r.path === '/api/v1/filing/messages')
      .map((r) => /Message-ID: (.*)/.exec(r.body)?.[1]);
    expect(filed).toEqual(['<a@x>', '<b@x>', '<c@x>']);
    expect(state.progress).toEqual({ done: 2, failed: 1, total: 3 });
    expect(state.notice).toEqual({ tone: 'error', key: 'filingFailedCount', params: { failed: 1 } });
    expect([...new Set(progress.map((p) => `${p.done}/${p.failed}`))]).toEqual(['0/0', '1/0', '1/1', '2/1']);
  });

  it('creates a lead from the email and looks the message up again', async () => {
    const { controller, api } = setup();
    await controller.start();
    await controller.createLead();
    const create = api.requests.find((r) => r.path === '/api/v1/filing/create-lead')!;
    expect(Buffer.from(JSON.parse(create.body).raw, 'base64').toString()).toBe(RAW_EML);
    expect(api.requests.filter((r) => r.path === '/api/v1/filing/lookup')).toHaveLength(2);
    expect(ready(controller).notice).toEqual({ tone: 'success', key: 'leadCreated', params: { name: 'Angebot' } });
  });

  it('logs an activity on the sender when no record is chosen, and on the chosen record otherwise', async () => {
    const { controller, api } = setup();
    await controller.start();
    await controller.logActivity('  Zurückrufen ');
    await controller.logActivity('');
    controller.toggleTarget('lead:7');
    await controller.logActivity('Angebot nachfassen');
    const bodies = api.requests.filter((r) => r.path === '/api/v1/filing/log-activity').map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => [b.target, b.kind, b.summary])).toEqual([
      ['partner:5', 'call', 'Zurückrufen'],
      ['partner:5', 'call', undefined],
      ['lead:7', 'call', 'Angebot nachfassen'],
    ]);
    expect(Buffer.from(bodies[0].raw, 'base64').toString()).toBe(RAW_EML);
    expect(ready(controller).notice).toEqual({
      tone: 'success',
      key: 'activityLogged',
      params: { name: 'Rahmenvertrag 2025' },
    });
  });

  it('opens the chosen record in the web UI', async () => {
    const opened: string[] = [];
    const { controller } = setup({ office: { ui: { openBrowserWindow: (url: string) => opened.push(url) } } });
    await controller.start();
    controller.openInCrm();
    controller.toggleTarget('lead:7');
    controller.openInCrm();
    expect(opened).toEqual([`${SERVER}/partners/5`, `${SERVER}/leads/7`]);
  });

  it('drops to reconnect when the token is revoked while the pane is open', async () => {
    const { controller, api } = setup();
    await controller.start();
    api.validTokens.clear();
    controller.toggleTarget('lead:7');
    await controller.file();
    expect(controller.state.kind).toBe('reconnect');
  });

  it('merges search hits into the records to file on', async () => {
    const { controller, api } = setup();
    await controller.start();
    await controller.search('Mül');
    expect(api.requests.find((r) => r.path === '/api/v1/leads')!.query.get('q')).toBe('Mül');
    const keys = candidates(ready(controller)).map((c) => c.key);
    expect(keys).toEqual(['lead:7', 'partner:5', 'partner:4', 'lead:41', 'partner:31']);
  });
});

describe('settings', () => {
  it('shows and saves auto-filing and the never-log list for the connected account', async () => {
    const { controller, api } = setup();
    await controller.start();
    await controller.openSettings();
    expect(controller.settings).toMatchObject({
      open: true,
      data: { autoFileReplies: false, companyNeverLog: ['@akte.example'] },
    });
    await controller.saveSettings({
      serverUrl: `${SERVER}/`,
      autoFileReplies: true,
      neverLog: ['privat@example.org', '@family.example'],
    });
    const put = api.requests.find((r) => r.method === 'PUT')!;
    expect(JSON.parse(put.body)).toEqual({
      autoFileReplies: true,
      neverLog: ['privat@example.org', '@family.example'],
    });
    expect(controller.settings).toMatchObject({ data: { autoFileReplies: true }, notice: { key: 'saved' } });
    expect(controller.connection.token).toBe('akte_valid');
  });

  it('forgets the token when the server URL changes: a token belongs to its server', async () => {
    const { controller, store } = setup();
    await controller.start();
    await controller.saveSettings({ serverUrl: 'https://other.example.com', autoFileReplies: false, neverLog: [] });
    expect(store.current).toEqual({ serverUrl: 'https://other.example.com', token: null, account: null });
    controller.closeSettings();
    expect(controller.state).toEqual({ kind: 'notConnected', notice: null });
  });

  it('disconnects', async () => {
    const { controller, store } = setup();
    await controller.start();
    controller.disconnect();
    expect(store.current?.token).toBeNull();
    expect(controller.state.kind).toBe('notConnected');
  });
});
