import { fileSentMessage } from './lib/auto-file-sent';
import { handlePageMessage } from './lib/page-messages';
import { createMenus, onMenuClicked } from './lib/menus';
import { onConnectTabRemoved, onConnectTabUpdated } from './lib/pairing';

/**
 * The background (Manifest V3: an event page Thunderbird stops when idle and starts again for an event). Every
 * listener is registered synchronously at the top, so an event that wakes the page finds its listener; all state
 * lives in storage.local (lib/storage.ts, lib/batch.ts).
 */
declare const AKTE_TEST_CHANNEL: string;

messenger.menus.onClicked.addListener(onMenuClicked);
messenger.tabs.onUpdated.addListener((tabId, change, tab) => onConnectTabUpdated(tabId, change.url ?? tab.url));
messenger.tabs.onRemoved.addListener((tabId) => onConnectTabRemoved(tabId));
messenger.runtime.onMessage.addListener((message) => handlePageMessage(message));
messenger.runtime.onInstalled.addListener(() => void createMenus());
messenger.runtime.onStartup.addListener(() => void createMenus());
// `compose` is an optional permission, asked for when the user turns on filing of sent mail: without it the
// namespace is absent. Granted while this page lives, the listener is added then; at the next start, here.
const onAfterSend = (_tab: unknown, info: messenger.compose.SendInfo) => {
  if (info.error) return;
  for (const m of info.messages ?? []) void fileSentMessage(m.id).catch(() => undefined);
};
messenger.compose?.onAfterSend?.addListener(onAfterSend);
messenger.permissions.onAdded.addListener((added) => {
  if (added.permissions?.includes('compose')) messenger.compose?.onAfterSend?.addListener(onAfterSend);
});

// Only in a test build (`npm run build:thunderbird -- --test-channel URL`): esbuild drops this branch otherwise.
if (AKTE_TEST_CHANNEL) {
  void import('./test-channel/channel').then((channel) => channel.startTestChannel(AKTE_TEST_CHANNEL));
}
