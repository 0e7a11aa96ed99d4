import { localeFor, translator } from '../../../core/src/filing-client/i18n';
import { FilingController } from '../../../core/src/filing-client/controller';
import { renderPane } from '../../../core/src/filing-client/render/render-pane';
import { wirePane } from '../../../core/src/filing-client/render/wire-pane';
import { loadConnection, storageConnectionStore } from '../lib/storage';
import { ThunderbirdHost } from '../lib/thunderbird-host';

/**
 * The message display action's popup: the same pane as Outlook's task pane (core/src/filing-client/render), for
 * the message shown in the active tab. Connecting and settings open the options page: the popup closes as soon
 * as another window takes the focus.
 */
async function main(): Promise<void> {
  const t = translator(localeFor(messenger.i18n.getUILanguage()));
  document.getElementById('title')!.textContent = t('appName');
  document.getElementById('open-settings')!.textContent = t('settings');
  const [tab] = await messenger.tabs.query({ active: true, currentWindow: true });
  const message = tab?.id === undefined ? null : await messenger.messageDisplay.getDisplayedMessage(tab.id);
  const connection = (await loadConnection()) ?? { serverUrl: '', token: null, account: null };
  const root = document.getElementById('app')!;
  const controller = new FilingController({
    host: new ThunderbirdHost(message?.id ?? null),
    store: storageConnectionStore(connection),
    defaultServerUrl: connection.serverUrl,
    onChange: (c) => renderPane(root, c, { t, locale: localeFor(messenger.i18n.getUILanguage()) }),
  });
  const openOptions = () => messenger.runtime.openOptionsPage();
  wirePane(document, controller, { connect: openOptions, 'open-settings': openOptions });
  await controller.start();
}

void main();
