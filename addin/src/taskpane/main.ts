/// <reference types="office-js" />
import { localeFor, translator } from '../../../core/src/filing-client/i18n';
import { HostReadiness, OfficeGlobal, waitForOutlook } from '../office/office-ready';
import { outlookHost } from '../office/outlook-host';
import { localConnectionStore } from '../../../core/src/filing-client/connection';
import { FilingController } from '../../../core/src/filing-client/controller';
import { outsideOutlookView, renderOutsideOutlook } from './outside-outlook';
import { renderPane } from '../../../core/src/filing-client/render/render-pane';
import { wirePane } from '../../../core/src/filing-client/render/wire-pane';

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

  wirePane(document, controller);
  void controller.start();
}
