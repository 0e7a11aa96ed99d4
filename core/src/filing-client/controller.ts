import { AkteApiClient, ApiError, NetworkError, ReconnectRequiredError } from '../api-client';
import type { FileResult, FilingSettings, RecordRef } from '../api-types';
import { connectUrl, Connection, ConnectionStore, parseDialogMessage } from './connection';
import { batchNotice, fileEach } from './file-each';
import { DialogClosedError, MailHost } from './host';
import { next, Notice, PaneEvent, PaneState } from './state';
import { focusRecord, recordUrl, refOf } from './view-model';

/**
 * The filing client's behaviour — Outlook's task pane and Thunderbird's message popup alike — without any DOM,
 * Office.js or messenger.*: it asks the MailHost and the API, feeds the outcomes into the pure state machine
 * (state.ts) and tells the view when something changed.
 */
export interface SettingsView {
  open: boolean;
  data: FilingSettings | null;
  notice: Notice | null;
}

export interface ControllerDeps {
  host: MailHost;
  store: ConnectionStore;
  /** The server the add-in was loaded from: the default, and the only origin the server's CORS admits. */
  defaultServerUrl: string;
  fetch?: typeof fetch;
  onChange?: (controller: FilingController) => void;
}

const names = (records: Array<{ name: string }>) => records.map((r) => r.name).join(', ');

export class FilingController {
  state: PaneState = { kind: 'loading' };
  settings: SettingsView = { open: false, data: null, notice: null };
  connection: Connection;

  constructor(private readonly deps: ControllerDeps) {
    this.connection = deps.store.load() ?? { serverUrl: deps.defaultServerUrl, token: null, account: null };
  }

  get api(): AkteApiClient {
    return new AkteApiClient({
      baseUrl: this.connection.serverUrl,
      token: this.connection.token,
      fetch: this.deps.fetch,
    });
  }

  async start(): Promise<void> {
    this.deps.host.onItemChanged(() => void this.refresh());
    this.deps.host.onSelectionChanged(() => void this.refresh());
    await this.refresh();
  }

  private dispatch(event: PaneEvent): void {
    this.state = next(this.state, event);
    this.deps.onChange?.(this);
  }

  /** Looks up the open message (or notes the multi-selection) and lands in one of the pane's states. */
  async refresh(notice: Notice | null = null): Promise<void> {
    if (!this.connection.token) return this.dispatch({ type: 'noToken' });
    this.dispatch({ type: 'load' });
    try {
      const host = this.deps.host;
      const selection = host.supportsMultiSelect() ? await host.selectedItems() : [];
      const item = await host.currentItem();
      if (!item) {
        if (selection.length > 1) return this.dispatch({ type: 'multiSelected', selection });
        return this.dispatch({ type: 'noItem' });
      }
      const participants = [
        ...(item.from ? [{ email: item.from.address, name: item.from.name, role: 'from' as const }] : []),
        ...item.to.map((m) => ({ email: m.address, name: m.name, role: 'to' as const })),
        ...item.cc.map((m) => ({ email: m.address, name: m.name, role: 'cc' as const })),
      ];
      if (!participants.length) return this.dispatch({ type: 'noItem' });
      const lookup = await this.api.lookup({
        participants,
        ...(item.internetMessageId ? { messageId: item.internetMessageId } : {}),
        ...(item.inReplyTo ? { inReplyTo: item.inReplyTo } : {}),
        ...(item.references.length ? { references: item.references } : {}),
      });
      // Only for a single message: a selection is filed whole. A host that cannot list them offers no choice.
      const attachments = selection.length > 1 ? [] : await host.currentAttachments().catch(() => []);
      this.dispatch({ type: 'lookedUp', item, lookup, selection, attachments });
      if (notice) this.dispatch({ type: 'done', notice });
      else if (lookup.autoFileReplies && lookup.suggested.length && !lookup.filed.length && selection.length < 2) {
        await this.fileTo(lookup.suggested, 'autoFiled');
      }
    } catch (err) {
      this.fail(err);
    }
  }

  /** Errors outside an action: the whole pane changes state. */
  private fail(err: unknown): void {
    if (err instanceof ReconnectRequiredError) return this.dispatch({ type: 'tokenRejected' });
    if (err instanceof NetworkError) return this.dispatch({ type: 'failed', key: 'errorOffline' });
    this.dispatch({ type: 'failed', key: 'errorTitle', detail: err instanceof Error ? err.message : String(err) });
  }

  /** Errors inside an action on a ready pane: a notice, the pane stays usable — except for a rejected token. */
  private actionFailed(err: unknown): void {
    if (err instanceof ReconnectRequiredError) return this.dispatch({ type: 'tokenRejected' });
    if (err instanceof NetworkError)
      return this.dispatch({ type: 'done', notice: { tone: 'error', key: 'errorOffline' } });
    const message = err instanceof ApiError || err instanceof Error ? err.message : String(err);
    this.dispatch({ type: 'done', notice: { tone: 'error', key: 'actionFailed', params: { reason: message } } });
  }

  private async action(work: () => Promise<Notice | null>): Promise<void> {
    if (this.state.kind !== 'ready' || this.state.busy) return;
    this.dispatch({ type: 'busy' });
    try {
      this.dispatch({ type: 'done', notice: await work() });
    } catch (err) {
      this.actionFailed(err);
    }
  }

  // --- connecting ---------------------------------------------------------------------------------------------

  /** Pairing: the server's login page in a dialog hands back a one-time code, exchanged for a device token. */
  async connect(): Promise<void> {
    const serverUrl = this.connection.serverUrl;
    const deviceName = this.deps.host.deviceName();
    const fromConnectedState = this.state.kind === 'reconnect' ? 'tokenRejected' : 'noToken';
    try {
      const answer = parseDialogMessage(
        await this.deps.host.openDialog(connectUrl(serverUrl, deviceName, this.deps.host.client)),
      );
      if ('error' in answer) {
        const notice: Notice =
          answer.error === 'access_denied'
            ? { tone: 'info', key: 'connectCancelled' }
            : { tone: 'error', key: 'connectFailed', params: { reason: answer.error } };
        return this.dispatch({ type: fromConnectedState, notice });
      }
      const paired = await this.api.withToken(null).pair(answer.code, deviceName);
      this.saveConnection({
        serverUrl,
        token: paired.secret,
        account: { name: paired.user.name, email: paired.user.email },
      });
      await this.refresh();
    } catch (err) {
      const notice: Notice =
        err instanceof DialogClosedError
          ? { tone: 'info', key: 'connectCancelled' }
          : {
              tone: 'error',
              key: 'connectFailed',
              params: { reason: err instanceof Error ? err.message : String(err) },
            };
      this.dispatch({ type: fromConnectedState, notice });
    }
  }

  disconnect(): void {
    this.saveConnection({ ...this.connection, token: null, account: null });
    this.settings = { open: false, data: null, notice: null };
    this.dispatch({ type: 'noToken' });
  }

  private saveConnection(connection: Connection): void {
    this.connection = connection;
    this.deps.store.save(connection);
  }

  // --- ready-state actions ------------------------------------------------------------------------------------

  toggleTarget(key: string): void {
    this.dispatch({ type: 'toggleTarget', key });
  }

  /** Ticks an attachment out of (or back into) the next filing. */
  toggleAttachment(name: string): void {
    this.dispatch({ type: 'toggleAttachment', name });
  }

  async search(query: string): Promise<void> {
    const q = query.trim();
    this.dispatch({ type: 'searchStarted', query: q });
    if (q.length < 2) return this.dispatch({ type: 'searchResults', query: q, partners: [], leads: [] });
    try {
      const [partners, leads] = await Promise.all([this.api.searchPartners(q), this.api.searchLeads(q)]);
      this.dispatch({ type: 'searchResults', query: q, partners, leads });
    } catch (err) {
      this.actionFailed(err);
    }
  }

  private selectedRefs(): RecordRef[] {
    if (this.state.kind !== 'ready') return [];
    return this.state.selected.map(refOf).filter((r): r is RecordRef => r !== null);
  }

  /** File the open message — or every selected message — on the chosen records. */
  async file(): Promise<void> {
    if (this.state.kind !== 'ready') return;
    const targets = this.selectedRefs();
    if (!targets.length) return this.dispatch({ type: 'done', notice: { tone: 'error', key: 'chooseTarget' } });
    if (this.state.selection.length > 1) return this.fileSelection(targets);
    await this.fileTo(targets, 'filedOk');
  }

  private async fileTo(targets: RecordRef[], successKey: 'filedOk' | 'autoFiled'): Promise<void> {
    await this.action(async () => {
      const skipAttachments = this.state.kind === 'ready' ? this.state.skippedAttachments : [];
      const result = await this.api.fileMessage(await this.deps.host.currentContent(), targets, { skipAttachments });
      this.dispatch({ type: 'filed', result });
      return filedNotice(result, successKey);
    });
  }

  /** Multi-select: one message after the other with progress (file-each.ts); a rejected token ends in reconnect. */
  private async fileSelection(targets: RecordRef[]): Promise<void> {
    if (this.state.kind !== 'ready') return;
    const items = this.state.selection.map((m) => ({ id: m.itemId, subject: m.subject }));
    let stoppedNotice: Notice | null = null;
    await this.action(async (): Promise<Notice> => {
      const outcome = await fileEach(items, {
        contentOf: (item) => this.deps.host.selectedContent(item.id),
        file: (email) => this.api.fileMessage(email, targets),
        onProgress: (progress) => this.dispatch({ type: 'progress', progress }),
      });
      if (outcome.stoppedBy === 'reconnect') stoppedNotice = batchNotice(outcome);
      return batchNotice(outcome);
    });
    // The summary names what was not filed; the pane then asks to reconnect, and the selection is still there.
    if (stoppedNotice) this.dispatch({ type: 'tokenRejected', notice: stoppedNotice });
  }

  async createLead(): Promise<void> {
    let notice: Notice | null = null;
    await this.action(async () => {
      const { lead } = await this.api.createLead(await this.deps.host.currentContent());
      notice = { tone: 'success', key: 'leadCreated', params: { name: lead.name } };
      return notice;
    });
    if (notice) await this.refresh(notice);
  }

  async createContact(): Promise<void> {
    let notice: Notice | null = null;
    await this.action(async () => {
      const { partner, created } = await this.api.createContact(await this.deps.host.currentContent());
      notice = { tone: 'success', key: created ? 'contactCreated' : 'contactExisted', params: { name: partner.name } };
      return notice;
    });
    if (notice) await this.refresh(notice);
  }

  async logActivity(summary: string): Promise<void> {
    const focus = this.state.kind === 'ready' ? focusRecord(this.state) : null;
    if (!focus) return this.dispatch({ type: 'done', notice: { tone: 'error', key: 'chooseTarget' } });
    await this.action(async () => {
      await this.api.logActivity(await this.deps.host.currentContent(), {
        target: focus.ref,
        kind: 'call',
        ...(summary.trim() ? { summary: summary.trim() } : {}),
      });
      return { tone: 'success', key: 'activityLogged', params: { name: focus.name } };
    });
  }

  openInCrm(): void {
    const focus = this.state.kind === 'ready' ? focusRecord(this.state) : null;
    if (!focus) return this.dispatch({ type: 'done', notice: { tone: 'error', key: 'chooseTarget' } });
    this.deps.host.openInBrowser(recordUrl(this.connection.serverUrl, focus.ref));
  }

  // --- settings -----------------------------------------------------------------------------------------------

  async openSettings(): Promise<void> {
    this.settings = { open: true, data: null, notice: null };
    this.deps.onChange?.(this);
    if (!this.connection.token) return;
    try {
      this.settings = { ...this.settings, data: await this.api.getSettings() };
    } catch (err) {
      if (err instanceof ReconnectRequiredError) {
        this.settings = { open: false, data: null, notice: null };
        return this.dispatch({ type: 'tokenRejected' });
      }
      this.settings = { ...this.settings, notice: { tone: 'error', key: 'errorOffline' } };
    }
    this.deps.onChange?.(this);
  }

  closeSettings(): void {
    this.settings = { open: false, data: null, notice: null };
    void this.refresh();
  }

  /** A different server URL drops the token: a token belongs to the server that issued it. */
  async saveSettings(input: { serverUrl: string; autoFileReplies: boolean; neverLog: string[] }): Promise<void> {
    const serverUrl = input.serverUrl.trim().replace(/\/+$/, '') || this.deps.defaultServerUrl;
    if (serverUrl !== this.connection.serverUrl) {
      this.saveConnection({ serverUrl, token: null, account: null });
      this.settings = { open: true, data: null, notice: { tone: 'success', key: 'saved' } };
      return this.deps.onChange?.(this);
    }
    if (!this.connection.token) return;
    try {
      const data = await this.api.saveSettings({ autoFileReplies: input.autoFileReplies, neverLog: input.neverLog });
      this.settings = { open: true, data, notice: { tone: 'success', key: 'saved' } };
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      this.settings = { ...this.settings, notice: { tone: 'error', key: 'actionFailed', params: { reason } } };
    }
    this.deps.onChange?.(this);
  }
}

function filedNotice(result: FileResult, successKey: 'filedOk' | 'autoFiled'): Notice {
  if (!result.linked.length && result.alreadyLinked.length) {
    return { tone: 'info', key: 'filedAgain', params: { names: names(result.alreadyLinked) } };
  }
  return { tone: 'success', key: successKey, params: { names: names([...result.linked, ...result.alreadyLinked]) } };
}
