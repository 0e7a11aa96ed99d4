import { memoryConnectionStore } from '../../../core/src/filing-client/connection';
import { FilingController } from '../../../core/src/filing-client/controller';
import { batchNotice, fileEach } from '../../../core/src/filing-client/file-each';
import type { ReadyState } from '../../../core/src/filing-client/state';
import { translator } from '../../../core/src/filing-client/i18n';
import { AkteApiClient } from '../../../core/src/api-client';
import { FakeAkte } from '../../addin/fake-api';
import { memoryMessage, MemoryMailHost } from './memory-host';

/**
 * The filing flows both mail clients share (core/src/filing-client), run on an in-memory host: the same controller
 * the Outlook task pane uses, here as Thunderbird would drive it (raw bytes, client "thunderbird").
 */
const SERVER = 'https://crm.example.com';

function setup(token: string | null = 'akte_valid') {
  const api = new FakeAkte();
  const host = new MemoryMailHost();
  const store = memoryConnectionStore(
    token ? { serverUrl: SERVER, token, account: { name: 'Otto Eigen', email: 'otto@akte.example' } } : null,
  );
  const controller = new FilingController({ host, store, defaultServerUrl: SERVER, fetch: api.fetch });
  const client = new AkteApiClient({ baseUrl: SERVER, token: 'akte_valid', fetch: api.fetch });
  return { api, host, store, controller, client };
}

/** The Message-IDs the fake server stored, in order (a request refused for its token stores nothing). */
const filedIds = (api: FakeAkte) => [...api.filed.keys()];

describe('fileEach (the batch flow of selections, conversations and sent mail)', () => {
  const items = ['a', 'b', 'c', 'd'].map((id) => ({ id, subject: `Subject ${id}` }));

  it('files each message once, tells filed from already filed, and goes on after a failing one', async () => {
    const { api, host, client } = setup();
    host.add(...items.map((i) => memoryMessage(i.id)));
    api.failFilingOf.add('<c@kunde.example>');
    await client.fileMessage(await host.selectedContent('b'), [{ recordType: 'lead', recordId: 7 }]);
    const progress: string[] = [];
    const outcome = await fileEach(items, {
      contentOf: (item) => host.selectedContent(item.id),
      file: (email) => client.fileMessage(email, [{ recordType: 'lead', recordId: 7 }]),
      onProgress: (p) => progress.push(`${p.done}/${p.failed}/${p.total}`),
    });
    expect(outcome.filed.map((i) => i.id)).toEqual(['a', 'd']);
    expect(outcome.alreadyFiled.map((i) => i.id)).toEqual(['b']);
    expect(outcome.failed).toEqual([{ id: 'c', subject: 'Subject c', reason: 'Cannot parse' }]);
    expect(outcome).toMatchObject({ notFiled: [], stoppedBy: null });
    expect(progress).toEqual(['0/0/4', '1/0/4', '2/0/4', '2/1/4', '3/1/4']);
    expect(batchNotice(outcome)).toEqual({ tone: 'error', key: 'filingFailedCount', params: { failed: 1 } });
  });

  it('stops at a revoked token and keeps what was not filed, so the client can resume there', async () => {
    const { api, host, client } = setup();
    host.add(...items.map((i) => memoryMessage(i.id)));
    host.beforeContent = (id) => {
      if (id === 'c') api.validTokens.delete('akte_valid');
    };
    const run = (list: typeof items, c = client) =>
      fileEach(list, {
        contentOf: (item) => host.selectedContent(item.id),
        file: (email) => c.fileMessage(email, [{ recordType: 'lead', recordId: 7 }]),
      });
    const outcome = await run(items);
    expect(outcome.stoppedBy).toBe('reconnect');
    expect(outcome.filed.map((i) => i.id)).toEqual(['a', 'b']);
    expect(outcome.notFiled.map((i) => i.id)).toEqual(['c', 'd']);
    expect(batchNotice(outcome)).toEqual({
      tone: 'error',
      key: 'filingStoppedReconnect',
      params: { done: 2, notFiled: 2 },
    });
    expect(translator('en')(batchNotice(outcome).key, batchNotice(outcome).params)).toBe(
      'Filed 2; 2 not filed: the access was revoked. Reconnect to file the rest.',
    );
    // Reconnected: the rest is filed, nothing twice.
    api.validTokens.add('akte_new');
    host.beforeContent = () => undefined;
    const resumed = await run(outcome.notFiled, client.withToken('akte_new'));
    expect(resumed.filed.map((i) => i.id)).toEqual(['c', 'd']);
    expect(filedIds(api)).toEqual(['<a@kunde.example>', '<b@kunde.example>', '<c@kunde.example>', '<d@kunde.example>']);
  });

  it('with several in flight, keeps at most that many at once and reports in the order of the items', async () => {
    const { api, host, client } = setup();
    const six = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, subject: id }));
    host.add(...six.map((i) => memoryMessage(i.id)));
    api.failFilingOf.add('<b@kunde.example>');
    let inFlight = 0;
    let most = 0;
    const outcome = await fileEach(
      six,
      {
        contentOf: (item) => host.selectedContent(item.id),
        file: async (email) => {
          most = Math.max(most, ++inFlight);
          await new Promise((r) => setTimeout(r, 5));
          try {
            return await client.fileMessage(email, [{ recordType: 'lead', recordId: 7 }]);
          } finally {
            inFlight--;
          }
        },
      },
      3,
    );
    expect(most).toBe(3);
    expect(outcome.filed.map((i) => i.id)).toEqual(['a', 'c', 'd', 'e', 'f']);
    expect(outcome.failed.map((i) => i.id)).toEqual(['b']);
  });

  it('stops when the server cannot be reached (offline), naming what is left', async () => {
    const { api, host, client } = setup();
    host.add(...items.map((i) => memoryMessage(i.id)));
    host.beforeContent = (id) => {
      if (id === 'b') api.offline = true;
    };
    const outcome = await fileEach(items, {
      contentOf: (item) => host.selectedContent(item.id),
      file: (email) => client.fileMessage(email, [{ recordType: 'partner', recordId: 5 }]),
    });
    expect(outcome).toMatchObject({ stoppedBy: 'offline' });
    expect(outcome.notFiled.map((i) => i.id)).toEqual(['b', 'c', 'd']);
    expect(batchNotice(outcome).key).toBe('filingStoppedOffline');
  });
});

describe('the shared controller on a Thunderbird-like host', () => {
  it('pairs as a Thunderbird device through the connect page', async () => {
    const { host, controller, store, api } = setup(null);
    await controller.start();
    expect(controller.state.kind).toBe('notConnected');
    await controller.connect();
    const url = new URL(host.opened[0]);
    expect(url.searchParams.get('client')).toBe('thunderbird');
    expect(url.searchParams.get('redirect')).toBe(`${SERVER}/addin/connected.html`);
    expect(store.current?.token).toBe('akte_paired');
    expect(api.requests.some((r) => r.path === '/api/v1/filing/pair')).toBe(true);
  });

  it('uploads the raw bytes as message/rfc822, then reports filing again as already filed', async () => {
    const { host, controller, api } = setup();
    host.add(memoryMessage('m1'));
    host.current = 'm1';
    await controller.start();
    controller.toggleTarget('lead:7');
    await controller.file();
    const upload = api.requests.find((r) => r.path === '/api/v1/filing/messages')!;
    expect(upload.contentType).toBe('message/rfc822');
    expect(upload.body).toContain('Message-ID: <m1@kunde.example>');
    expect((controller.state as ReadyState).notice).toMatchObject({ tone: 'success', key: 'filedOk' });
    controller.toggleTarget('lead:7');
    await controller.file();
    expect((controller.state as ReadyState).notice).toEqual({
      tone: 'info',
      key: 'filedAgain',
      params: { names: 'Rahmenvertrag 2025' },
    });
  });

  it('lists the attachments and leaves the unticked ones out of the filing', async () => {
    const { host, controller, api } = setup();
    host.add(memoryMessage('m1'));
    host.current = 'm1';
    host.attachments = [
      { name: 'angebot.pdf', size: 20_480 },
      { name: 'logo.png', size: 900 },
    ];
    await controller.start();
    expect((controller.state as ReadyState).attachments.map((a) => a.name)).toEqual(['angebot.pdf', 'logo.png']);
    controller.toggleAttachment('logo.png');
    controller.toggleAttachment('angebot.pdf');
    controller.toggleAttachment('angebot.pdf');
    controller.toggleTarget('lead:7');
    await controller.file();
    const upload = api.requests.find((r) => r.path === '/api/v1/filing/messages')!;
    expect(upload.query.getAll('skipAttachments')).toEqual(['logo.png']);
  });

  it('a selection cut short by a revoked token lands in reconnect with a summary of filed and not filed', async () => {
    const { host, controller, api } = setup();
    host.add(memoryMessage('m1'), memoryMessage('m2'), memoryMessage('m3'));
    host.current = 'm1';
    host.selected = ['m1', 'm2', 'm3'];
    host.beforeContent = (id) => {
      if (id === 'm3') api.validTokens.delete('akte_valid');
    };
    await controller.start();
    controller.toggleTarget('partner:5');
    await controller.file();
    expect(controller.state).toEqual({
      kind: 'reconnect',
      notice: { tone: 'error', key: 'filingStoppedReconnect', params: { done: 2, notFiled: 1 } },
    });
    expect(filedIds(api)).toEqual(['<m1@kunde.example>', '<m2@kunde.example>']);
  });

  it('follows the open message, and is empty without one', async () => {
    const { host, controller } = setup();
    host.add(memoryMessage('m1'));
    await controller.start();
    expect(controller.state).toEqual({ kind: 'empty', reason: 'noItem' });
    host.open('m1');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(controller.state.kind).toBe('ready');
  });
});
