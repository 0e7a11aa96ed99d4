import type { EmailPayload } from '../../../core/src/api-types';
import { DialogClosedError, MailHost, MailItem, SelectedMail } from '../../../core/src/filing-client/host';
import type { PairingClient } from '../../../core/src/filing-client/connection';

/**
 * A mail client in memory: the host interface both Outlook and Thunderbird implement, with messages as raw MIME
 * text. Tests of the shared filing flows run on it, so the flows are proven independent of Office.js and messenger.*.
 */
export interface MemoryMessage {
  id: string;
  raw: string;
  item: MailItem;
}

export function rawMessage(messageId: string, subject = 'Angebot'): string {
  return [
    'From: Kim Kunde <kim@kunde.example>',
    'To: otto@akte.example',
    `Subject: ${subject}`,
    `Message-ID: ${messageId}`,
    'Date: Mon, 06 Jan 2025 10:00:00 +0100',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Hallo Otto',
    '',
  ].join('\r\n');
}

export function memoryMessage(id: string, messageId = `<${id}@kunde.example>`): MemoryMessage {
  return {
    id,
    raw: rawMessage(messageId, `Subject ${id}`),
    item: {
      itemId: id,
      internetMessageId: messageId,
      subject: `Subject ${id}`,
      from: { address: 'kim@kunde.example', name: 'Kim Kunde' },
      to: [{ address: 'otto@akte.example' }],
      cc: [],
      date: '2025-01-06T09:00:00.000Z',
      inReplyTo: null,
      references: [],
    },
  };
}

export class MemoryMailHost implements MailHost {
  messages = new Map<string, MemoryMessage>();
  current: string | null = null;
  selected: string[] = [];
  opened: string[] = [];
  browsed: string[] = [];
  /** What the connect dialog answers; null = the user closes it. */
  dialogAnswer: string | null = JSON.stringify({ code: 'v1.good.code' });
  /** Runs before a message's content is read (a test revokes the token there, mid-run). */
  beforeContent: (id: string) => void = () => undefined;
  private itemHandlers: Array<() => void> = [];

  constructor(
    readonly client: PairingClient = 'thunderbird',
    private readonly language = 'de-DE',
  ) {}

  add(...messages: MemoryMessage[]): this {
    for (const m of messages) this.messages.set(m.id, m);
    return this;
  }

  displayLanguage = () => this.language;
  deviceName = () => 'Laptop Otto';
  async currentItem(): Promise<MailItem | null> {
    return this.current ? (this.messages.get(this.current)?.item ?? null) : null;
  }
  async currentContent(): Promise<EmailPayload> {
    if (!this.current) throw new Error('No message is open');
    return this.contentOf(this.current);
  }
  /** The open message's attachments, as the test sets them. */
  attachments: Array<{ name: string; size: number }> = [];
  currentAttachments = async () => (this.current ? this.attachments : []);
  supportsMultiSelect = () => true;
  async selectedItems(): Promise<SelectedMail[]> {
    return this.selected.map((id) => ({ itemId: id, subject: this.messages.get(id)?.item.subject ?? '' }));
  }
  async selectedContent(itemId: string): Promise<EmailPayload> {
    return this.contentOf(itemId);
  }
  async openDialog(url: string): Promise<string> {
    this.opened.push(url);
    if (this.dialogAnswer === null) throw new DialogClosedError();
    return this.dialogAnswer;
  }
  openInBrowser(url: string): void {
    this.browsed.push(url);
  }
  onItemChanged(handler: () => void): void {
    this.itemHandlers.push(handler);
  }
  onSelectionChanged(): void {}

  /** The user opens another message. */
  open(id: string | null): void {
    this.current = id;
    for (const handler of this.itemHandlers) handler();
  }

  private contentOf(id: string): EmailPayload {
    this.beforeContent(id);
    const message = this.messages.get(id);
    if (!message) throw new Error(`No message ${id}`);
    return { kind: 'rfc822', bytes: new TextEncoder().encode(message.raw) };
  }
}
