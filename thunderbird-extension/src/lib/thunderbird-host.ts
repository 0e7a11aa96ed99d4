import type { EmailPayload } from '../../../core/src/api-types';
import type { AttachmentInfo, MailHost, MailItem, SelectedMail } from '../../../core/src/filing-client/host';
import { openConnectWindow } from './pairing';
import { describeMessage, rawContent } from './message-content';

/**
 * The shared filing client's MailHost on Thunderbird (messenger.*): one host per surface — the message display
 * popup (the displayed message), the batch window (a selection or a conversation), or the background (no message,
 * for pairing). Outlook's counterpart is addin/src/office/outlook-host.ts.
 */
export class ThunderbirdHost implements MailHost {
  readonly client = 'thunderbird' as const;

  constructor(
    private readonly messageId: number | null,
    private readonly selection: SelectedMail[] = [],
  ) {}

  displayLanguage(): string {
    return messenger.i18n.getUILanguage();
  }

  deviceName(): string {
    // The server names the token "Thunderbird on <device>"; the platform tells a user's machines apart.
    return navigator.platform || 'Desktop';
  }

  async currentItem(): Promise<MailItem | null> {
    return this.messageId === null ? null : describeMessage(this.messageId);
  }

  currentContent(): Promise<EmailPayload> {
    if (this.messageId === null) return Promise.reject(new Error('No message is open'));
    return rawContent(this.messageId);
  }

  async currentAttachments(): Promise<AttachmentInfo[]> {
    if (this.messageId === null) return [];
    return (await messenger.messages.listAttachments(this.messageId)).map((a) => ({ name: a.name, size: a.size }));
  }

  supportsMultiSelect(): boolean {
    return true;
  }

  async selectedItems(): Promise<SelectedMail[]> {
    return this.selection;
  }

  selectedContent(itemId: string): Promise<EmailPayload> {
    return rawContent(Number(itemId));
  }

  openDialog(url: string): Promise<string> {
    return openConnectWindow(url);
  }

  openInBrowser(url: string): void {
    void messenger.windows.openDefaultBrowser(url);
  }

  // A popup belongs to one message, and the batch window to one selection: nothing changes under them.
  onItemChanged(): void {}
  onSelectionChanged(): void {}
}
