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
  const criteria = subject ? { subject } : { headerMessageId: header.headerMessageId };
  let found = await allMessagesOf(
    await messenger.messages.query({
      ...criteria,
      ...(header.folder?.accountId ? { accountId: header.folder.accountId } : {}),
    }),
  );
  // The account-wide search has been seen to find nothing in a newly added account whose folder does find: the
  // message's own folder at least.
  if (!found.length && header.folder?.id) {
    found = await allMessagesOf(await messenger.messages.query({ ...criteria, folderId: header.folder.id }));
  }
  const candidates = await Promise.all(found.map((m) => describeMessage(Number(m.id))));
  return threadMembers(seed, candidates).map((m) => ({ id: m.itemId!, subject: m.subject }));
}
