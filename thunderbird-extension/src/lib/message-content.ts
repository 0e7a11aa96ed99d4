import type { EmailPayload } from '../../../core/src/api-types';
import type { BatchItem } from '../../../core/src/filing-client/file-each';
import type { MailItem } from '../../../core/src/filing-client/host';
import { mailItemOf } from './mail-item';

/**
 * Reading messages through messenger.messages: the raw message as Thunderbird stores it (getRaw with
 * data_format "File", uploaded as message/rfc822 — the server parses it, nothing is re-encoded here), the header
 * as a MailItem, and every message of a paged MessageList.
 */
export async function rawContent(messageId: number): Promise<EmailPayload> {
  // The File goes to fetch as the body as it is: never read into script, never re-encoded.
  return { kind: 'rfc822', bytes: await messenger.messages.getRaw(messageId, { data_format: 'File' }) };
}

export async function describeMessage(messageId: number): Promise<MailItem> {
  const [header, full] = await Promise.all([messenger.messages.get(messageId), messenger.messages.getFull(messageId)]);
  const headers = full.headers ?? {};
  return mailItemOf(header, { inReplyTo: headers['in-reply-to']?.[0], references: headers.references?.[0] });
}

/**
 * All messages of a MessageList: Thunderbird hands large lists (a selection, a query) out in pages of
 * `extensions.webextensions.messagesPerPage` (100 by default) and the rest through messages.continueList.
 */
export async function allMessagesOf(list: messenger.messages.MessageList): Promise<BatchItem[]> {
  const items: BatchItem[] = [];
  let page: messenger.messages.MessageList | null = list;
  while (page) {
    for (const m of page.messages) items.push({ id: String(m.id), subject: m.subject });
    page = page.id ? await messenger.messages.continueList(page.id) : null;
  }
  return items;
}
