import type { RecordRef } from '../../../core/src/api-types';
import { FilingController } from '../../../core/src/filing-client/controller';
import type { ReadyState } from '../../../core/src/filing-client/state';
import { keyOf } from '../../../core/src/filing-client/view-model';
import { loadBatch } from '../lib/batch';
import { resumeBatchAfterReconnect, runBatchFromPage } from '../lib/batch-actions';
import { connectInBackground, createDavPassword } from '../lib/background-client';
import { MENU_FILE_CONVERSATION, MENU_FILE_SELECTED, onMenuClicked } from '../lib/menus';
import { connectTabId } from '../lib/pairing';
import { loadConnection, saveConnection, saveLocalSettings, storageConnectionStore } from '../lib/storage';
import { ThunderbirdHost } from '../lib/thunderbird-host';

/**
 * TEST BUILD ONLY (`build.js --test-channel URL`; the product bundle does not contain this file): the end-to-end
 * test drives the extension's own actions — the menu handlers, the popup's controller, the batch window's
 * messages, pairing — by long-polling commands from the test's HTTP server and posting the results back. It adds
 * no behaviour: each command calls the function a user's click would.
 */
type Command = { id: number; name: string; args: Record<string, unknown> };

const commands: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {
  async setServer(args) {
    await saveConnection({ serverUrl: String(args.serverUrl), token: null, account: null });
  },
  async connect() {
    // Not awaited: the test fills in the connect page (submitConnectForm) while pairing waits for its landing page.
    const pairing = connectInBackground();
    pending = pairing;
    for (let i = 0; i < 100 && connectTabId() === null; i++) await new Promise((r) => setTimeout(r, 50));
    return { tabId: connectTabId() };
  },
  async submitConnectForm(args) {
    const tabId = connectTabId();
    if (tabId === null) throw new Error('No connect window');
    await waitForForm(tabId);
    await messenger.scripting.executeScript({
      target: { tabId },
      func: ((email: string, password: string) => {
        const form = document.querySelector('form') as HTMLFormElement;
        (form.querySelector('input[name="email"]') as HTMLInputElement).value = email;
        (form.querySelector('input[name="password"]') as HTMLInputElement).value = password;
        form.submit();
      }) as never,
      args: [args.email, args.password],
    });
    return pending;
  },
  /** What the extension's open pages show (the batch window's summary, a popup's state): their text. */
  async pages() {
    const views = (messenger as unknown as { extension: { getViews(filter?: object): Window[] } }).extension.getViews();
    return views
      .filter((view) => view !== globalThis.window)
      .map((view) => ({
        url: view.location.href,
        state: view.document.getElementById('app')?.getAttribute('data-state') ?? null,
        text: view.document.body?.innerText ?? view.document.body?.textContent ?? '',
      }));
  },
  /** The options page's "Set up contacts & calendar" button. */
  davSetup() {
    return createDavPassword();
  },
  /**
   * The options page's "File sent mail automatically" once the user allowed `compose` at Thunderbird's prompt (the
   * page saves the setting when permissions.request resolves; a test cannot click that prompt, the helper grants).
   */
  async enableAutoFileSent() {
    if (!(await messenger.permissions.contains({ permissions: ['compose'] }))) throw new Error('compose not granted');
    await saveLocalSettings({ autoFileSent: true });
  },
  async openOptions() {
    await messenger.runtime.openOptionsPage();
  },
  async connection() {
    const c = await loadConnection();
    return { serverUrl: c?.serverUrl, connected: !!c?.token, account: c?.account };
  },
  async inbox() {
    const list = await messenger.messages.query({ folderId: await inboxFolderId() });
    const out: Array<{ id: number; subject: string; headerMessageId: string }> = [];
    let page: messenger.messages.MessageList | null = list;
    while (page) {
      out.push(...page.messages.map((m) => ({ id: m.id, subject: m.subject, headerMessageId: m.headerMessageId })));
      page = page.id ? await messenger.messages.continueList(page.id) : null;
    }
    return out;
  },
  /** The popup's File button on one message, with the records the user ticks. */
  async fileDisplayed(args) {
    const connection = await loadConnection();
    const controller = new FilingController({
      host: new ThunderbirdHost(Number(args.messageId)),
      store: storageConnectionStore(connection),
      defaultServerUrl: connection?.serverUrl ?? '',
    });
    await controller.start();
    if (controller.state.kind !== 'ready') return { state: controller.state };
    const preselected = new Set(controller.state.selected);
    for (const ref of args.targets as RecordRef[])
      if (!preselected.has(keyOf(ref))) controller.toggleTarget(keyOf(ref));
    const attachments = controller.state.attachments.map((a) => a.name);
    for (const name of (args.skipAttachments as string[] | undefined) ?? []) controller.toggleAttachment(name);
    await controller.file();
    const state = controller.state as ReadyState;
    return { attachments, state: { kind: state.kind, notice: state.notice, filed: state.lookup?.filed ?? [] } };
  },
  /** The message list's context menu, on a selection the test names by subject prefix (paged like a real one). */
  async menuFileSelected(args) {
    const selection = await messenger.messages.query({
      folderId: await inboxFolderId(),
      subject: String(args.subject),
    });
    await onMenuClicked({ menuItemId: MENU_FILE_SELECTED, selectedMessages: selection });
    return { ...summaryOf(await loadBatch()), firstPage: selection.messages.length, paged: selection.id !== null };
  },
  async menuFileConversation(args) {
    const header = await messenger.messages.get(Number(args.messageId));
    await onMenuClicked({ menuItemId: MENU_FILE_CONVERSATION, selectedMessages: { id: null, messages: [header] } });
    return summaryOf(await loadBatch());
  },
  /** The batch window's File button. */
  async runBatch(args) {
    const concurrency = typeof args.concurrency === 'number' ? args.concurrency : undefined;
    return summaryOf(await runBatchFromPage(args.targets as RecordRef[], concurrency));
  },
  /** The batch window's "File the rest" after reconnecting. */
  async resumeBatch() {
    return summaryOf(await resumeBatchAfterReconnect());
  },
};

let pending: Promise<unknown> | null = null;

/** The test account's inbox (searching one folder: an account-wide search is unreliable in a just-added account). */
async function inboxFolderId(): Promise<string> {
  const [account] = (await messenger.accounts.list()).filter((a) => a.type === 'imap');
  const [inbox] = await messenger.folders.query({ accountId: account.id, specialUse: ['inbox'] });
  return inbox.id;
}

function summaryOf(job: unknown) {
  const j = job as Awaited<ReturnType<typeof loadBatch>>;
  if (!j) return null;
  const overhead = j.overheadMs.length ? j.overheadMs.reduce((a, b) => a + b, 0) / j.overheadMs.length : null;
  return { ...j, overheadAvgMs: overhead };
}

async function waitForForm(tabId: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    // Until the page has loaded, the tab shows about:blank, which the extension may not script: try again.
    const result = await messenger.scripting
      .executeScript({
        target: { tabId },
        func: (() => document.readyState === 'complete' && !!document.querySelector('form')) as never,
      })
      .then(
        ([first]) => first?.result,
        () => false,
      );
    if (result) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('The connect page did not load');
}

export function startTestChannel(base: string): void {
  const loop = async () => {
    for (;;) {
      let command: Command | null = null;
      try {
        const res = await fetch(`${base}/next`);
        if (res.status === 204) continue;
        command = (await res.json()) as Command;
        const value = await commands[command.name](command.args ?? {});
        await fetch(`${base}/result`, { method: 'POST', body: JSON.stringify({ id: command.id, ok: true, value }) });
      } catch (err) {
        if (!command) {
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        const error = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
        await fetch(`${base}/result`, {
          method: 'POST',
          body: JSON.stringify({ id: command.id, ok: false, error }),
        }).catch(() => undefined);
      }
    }
  };
  void loop();
}
