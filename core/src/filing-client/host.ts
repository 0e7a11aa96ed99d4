import type { EmailPayload, Mailbox } from '../api-types';
import type { PairingClient } from './connection';

/**
 * What the filing client needs from the mail client. Outlook (addin/src/office/outlook-host.ts, Office.js) and
 * Thunderbird (thunderbird-extension/src/lib/thunderbird-host.ts, messenger.*) each implement it; the shared logic
 * in this folder and its tests (an in-memory host) see only this interface.
 */
export interface MailItem {
  itemId: string | null;
  /** The Message-ID header (with angle brackets as Outlook gives it), null for an unsent draft. */
  internetMessageId: string | null;
  subject: string;
  from: Mailbox | null;
  to: Mailbox[];
  cc: Mailbox[];
  /** ISO date the message was sent/received. */
  date: string | null;
  inReplyTo: string | null;
  references: string[];
}

/** An attachment of the open message as the mail client lists it (the user may leave it out of a filing). */
export interface AttachmentInfo {
  name: string;
  size: number;
}

export interface SelectedMail {
  itemId: string;
  subject: string;
}

export interface MailHost {
  /** Which client this is: the pairing names the device token after it. */
  readonly client: PairingClient;
  /** The client's UI language, e.g. "de-DE" (Office.context.displayLanguage, i18n.getUILanguage()). */
  displayLanguage(): string;
  /** A name for this device, shown in the user's token list ("Outlook on …"). */
  deviceName(): string;
  /** The open message, or null when no message is selected. */
  currentItem(): Promise<MailItem | null>;
  /** The open message as the raw MIME or, where the client cannot give it (Outlook before Mailbox 1.14), its structured fields. */
  currentContent(): Promise<EmailPayload>;
  /** The open message's attachments (not inline images), for the choice of what to file. */
  currentAttachments(): Promise<AttachmentInfo[]>;
  /** Outlook: multi-select needs Mailbox 1.13 (selection) and 1.15 (loading a selected item by id). */
  supportsMultiSelect(): boolean;
  selectedItems(): Promise<SelectedMail[]>;
  /** The content of one selected message (loads it, reads it, unloads it). */
  selectedContent(itemId: string): Promise<EmailPayload>;
  /**
   * Opens `url` in a dialog and resolves with the first message the dialog page sends back; rejects with
   * DialogClosedError when the user closes it.
   */
  openDialog(url: string): Promise<string>;
  openInBrowser(url: string): void;
  onItemChanged(handler: () => void): void;
  onSelectionChanged(handler: () => void): void;
}

export class DialogClosedError extends Error {
  constructor() {
    super('The dialog was closed');
    this.name = 'DialogClosedError';
  }
}
