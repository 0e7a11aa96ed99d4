import { localeFor, translator } from '../../../core/src/filing-client/i18n';
import { startBatch } from './batch';
import { conversationOf } from './find-conversation';
import { allMessagesOf } from './message-content';

/** The message list's context menu: file the selected messages, or the whole conversation of one. */
export const MENU_FILE_SELECTED = 'akte-file-selected';
export const MENU_FILE_CONVERSATION = 'akte-file-conversation';

export async function createMenus(): Promise<void> {
  const t = translator(localeFor(messenger.i18n.getUILanguage()));
  await messenger.menus.removeAll();
  messenger.menus.create({ id: MENU_FILE_SELECTED, title: t('menuFileSelected'), contexts: ['message_list'] });
  messenger.menus.create({ id: MENU_FILE_CONVERSATION, title: t('menuFileConversation'), contexts: ['message_list'] });
}

/** Collects the messages (every page of a large selection) and opens the batch window to choose the record. */
export async function onMenuClicked(info: messenger.menus.OnClickData): Promise<void> {
  const selected = info.selectedMessages;
  if (!selected?.messages.length) return;
  if (info.menuItemId === MENU_FILE_SELECTED) {
    await startBatch('selection', await allMessagesOf(selected));
  } else if (info.menuItemId === MENU_FILE_CONVERSATION) {
    await startBatch('conversation', await conversationOf(selected.messages[0].id));
  }
}
