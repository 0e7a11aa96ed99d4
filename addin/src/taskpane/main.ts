/// <reference types="office-js" />
import { localeFor, translator } from '../../../core/src/filing-client/i18n';
import { HostReadiness, OfficeGlobal, waitForOutlook } from '../office/office-ready';
import { outlookHost } from '../office/outlook-host';
import { localConnectionStore } from '../../../core/src/filing-client/connection';
import { FilingController } from '../../../core/src/filing-client/controller';
import { outsideOutlookView, renderOutsideOutlook } from './outside-outlook';
import { renderPane } from './render';

/**
 * The task pane's entry point: Office.onReady only wires the page (Office Add-in template pattern); all behaviour
 * is in the controller, which unit tests drive without a browser. Outside Outlook (a browser tab, another Office
 * app, Office.js not loaded) the pane says what it is and how to install it instead of waiting for a mailbox.
 */
// The add-in is served by the Akte server under /addin/: that server is the default (and CORS-admitted) API.
const defaultServerUrl = new URL('..', window.location.href).toString().replace(/\/+$/, '');

void waitForOutlook((globalThis as { Office?: OfficeGlobal }).Office).then((readiness) => {
  if (readiness.kind === 'outlook') startInOutlook();
  else explainOutsideOutlook(readiness);
});

function explainOutsideOutlook(readiness: Exclude<HostReadiness, { kind: 'outlook' }>): void {
  const locale = localeFor(navigator.language);
  const t = translator(locale);
  document.documentElement.lang = locale;
  document.getElementById('title')!.textContent = t('appName');
  document.getElementById('open-settings')!.hidden = true;
  renderOutsideOutlook(document.getElementById('app')!, outsideOutlookView(readiness, defaultServerUrl), t);
  document.addEventListener('click', (event) => {
    if ((event.target as HTMLElement).closest('button[data-action="reload"]')) window.location.reload();
  });
}

function startInOutlook(): void {
  const host = outlookHost();
  const locale = localeFor(host.displayLanguage());
  const t = translator(locale);
  document.documentElement.lang = locale;
  const root = document.getElementById('app')!;
  const settingsButton = document.getElementById('open-settings')!;
  settingsButton.textContent = t('settings');
  document.getElementById('title')!.textContent = t('appName');

  const controller = new FilingController({
    host,
    store: localConnectionStore(window.localStorage),
    defaultServerUrl,
    onChange: (c) => renderPane(root, c, { t, locale }),
  });

  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  document.addEventListener('click', (event) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('button[data-action]');
    if (!target || target.hasAttribute('disabled')) return;
    const actions: Record<string, () => unknown> = {
      connect: () => controller.connect(),
      retry: () => controller.refresh(),
      file: () => controller.file(),
      'new-lead': () => controller.createLead(),
      'new-contact': () => controller.createContact(),
      'open-crm': () => controller.openInCrm(),
      'log-activity': () =>
        controller.logActivity((document.getElementById('activity-summary') as HTMLInputElement | null)?.value ?? ''),
      'open-settings': () => controller.openSettings(),
      'close-settings': () => controller.closeSettings(),
      disconnect: () => controller.disconnect(),
    };
    void actions[target.dataset.action ?? '']?.();
  });
  document.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.dataset.action === 'toggle' && input.dataset.key) controller.toggleTarget(input.dataset.key);
  });
  document.addEventListener('input', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.dataset.action !== 'search') return;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void controller.search(input.value), 250);
  });
  document.addEventListener('submit', (event) => {
    const form = event.target as HTMLFormElement;
    if (form.dataset.action !== 'save-settings') return;
    event.preventDefault();
    const data = new FormData(form);
    void controller.saveSettings({
      serverUrl: String(data.get('serverUrl') ?? ''),
      autoFileReplies: data.get('autoFileReplies') !== null,
      neverLog: String(data.get('neverLog') ?? '')
        .split(/[\n,;]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    });
  });

  void controller.start();
}
