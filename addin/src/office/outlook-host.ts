/// <reference types="office-js" />
import type { EmailPayload } from '../../../core/src/api-types';
import type { MailHost, MailItem, SelectedMail } from '../../../core/src/filing-client/host';
import { officeCall } from './async-result';
import { mailboxSupports, requirement } from './capabilities';
import { openDialog } from './dialog';
import { describeItem, messageContent } from './message-content';

const platformNames: Record<string, string> = {
  PC: 'Windows',
  Mac: 'Mac',
  OfficeOnline: 'Web',
  iOS: 'iOS',
  Android: 'Android',
  Universal: 'Windows',
};

/** The task pane's MailHost on Outlook (desktop, web, Mac). */
export function outlookHost(): MailHost {
  const mailbox = () => Office.context.mailbox;
  const readItem = () => mailbox().item as Office.MessageRead | null | undefined;
  return {
    client: 'outlook',
    displayLanguage: () => Office.context.displayLanguage ?? 'en-US',
    deviceName: () => {
      const platform = String(Office.context.diagnostics?.platform ?? '');
      const user = mailbox().userProfile?.emailAddress;
      return [platformNames[platform] ?? (platform || 'Outlook'), user].filter(Boolean).join(' – ');
    },
    async currentItem(): Promise<MailItem | null> {
      const item = readItem();
      // Compose items have no `from` to look up and are not filed from here.
      if (!item || item.itemType !== Office.MailboxEnums.ItemType.Message) return null;
      return describeItem(item);
    },
    async currentContent(): Promise<EmailPayload> {
      const item = readItem();
      if (!item) throw new Error('No message is open');
      return messageContent(item);
    },
    async currentAttachments() {
      const item = readItem();
      // Inline images belong to the body; cloud attachments have no bytes in the message.
      return (item?.attachments ?? [])
        .filter((a) => !a.isInline && String(a.attachmentType).toLowerCase() !== 'cloud')
        .map((a) => ({ name: a.name, size: a.size }));
    },
    supportsMultiSelect: () => mailboxSupports(requirement.multiSelect) && mailboxSupports(requirement.loadItemById),
    async selectedItems(): Promise<SelectedMail[]> {
      if (!mailboxSupports(requirement.multiSelect)) return [];
      const items = await officeCall<Office.SelectedItemDetails[]>((cb) => mailbox().getSelectedItemsAsync(cb));
      return items
        .filter((i) => String(i.itemType).toLowerCase() === 'message')
        .map((i) => ({ itemId: i.itemId, subject: i.subject ?? '' }));
    },
    async selectedContent(itemId: string): Promise<EmailPayload> {
      const loaded = await officeCall<Office.LoadedMessageCompose | Office.LoadedMessageRead>((cb) =>
        mailbox().loadItemByIdAsync(itemId, cb),
      );
      try {
        return await messageContent(loaded as unknown as Office.MessageRead);
      } finally {
        // Only one item can be loaded at a time: unload before the next one.
        await officeCall<void>((cb) => loaded.unloadAsync(cb)).catch(() => undefined);
      }
    },
    openDialog,
    openInBrowser: (url) => {
      if (Office.context.ui?.openBrowserWindow) Office.context.ui.openBrowserWindow(url);
      else window.open(url, '_blank', 'noopener');
    },
    onItemChanged: (handler) => {
      // ItemChanged fires in a pinned task pane when the user opens another message (Mailbox 1.5).
      mailbox().addHandlerAsync?.(Office.EventType.ItemChanged, handler);
    },
    onSelectionChanged: (handler) => {
      if (mailboxSupports(requirement.multiSelect))
        mailbox().addHandlerAsync(Office.EventType.SelectedItemsChanged, handler);
    },
  };
}
