import type { BatchItem } from '../../../core/src/filing-client/file-each';
import { threadMembers, threadSubject } from './conversation';
import { allMessagesOf, describeMessage } from './message-content';

/**
 * The messages of a message's conversation in its account: candidates by subject (messages.query, paged), then
 * the headers decide (conversation.ts). Thunderbird's API has no thread listing of its own.
 */
export async function conversationOf(messageId: number): Promise<BatchItem[]> {
  const [seed, header] = await Promise.all([describeMessage(messageId), messenger.messages.get(messageId)]);
  const subject = threadSubject(seed.subject);
  const list = await messenger.messages.query({
    ...(subject ? { subject } : { headerMessageId: header.headerMessageId }),
    ...(header.folder?.accountId ? { accountId: header.folder.accountId } : {}),
  });
  const candidates = await Promise.all((await allMessagesOf(list)).map((m) => describeMessage(Number(m.id))));
  return threadMembers(seed, candidates).map((m) => ({ id: m.itemId!, subject: m.subject }));
}
