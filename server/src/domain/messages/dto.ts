import type { Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { messageScope, recordLinkedScope, within } from '../../access/policy';
import { Mailbox, Message, MessageLink } from './model';

export interface MessageLinkDto {
  recordType: 'partner' | 'lead';
  recordId: number;
  linkedById: number | null;
  createdAt: string;
}

export interface MessageDto {
  id: number;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  kind: 'email' | 'note';
  direction: 'inbound' | 'outbound' | 'internal';
  from: Mailbox | null;
  to: Mailbox[];
  cc: Mailbox[];
  date: string;
  subject: string | null;
  bodyText: string | null;
  bodyHtml: string | null;
  authorUserId: number | null;
  createdAt: string;
  /** Stored under a Message-ID that a different content already had, and you can see another message with it. */
  messageIdConflict: boolean;
  links: MessageLinkDto[];
}

function messageDto(message: Message, links: MessageLink[], messageIdConflict: boolean): MessageDto {
  return {
    id: Number(message.id),
    messageId: message.messageId,
    inReplyTo: message.inReplyTo,
    references: message.referencesHeader ? message.referencesHeader.split(' ').filter(Boolean) : [],
    kind: message.kind,
    direction: message.direction,
    from: message.fromAddress
      ? { address: message.fromAddress, ...(message.fromName ? { name: message.fromName } : {}) }
      : null,
    to: message.toJson,
    cc: message.ccJson,
    date: message.sentAt.toISOString(),
    subject: message.subject,
    bodyText: message.bodyText,
    bodyHtml: message.bodyHtml,
    authorUserId: message.authorUserId,
    createdAt: message.createdAt.toISOString(),
    messageIdConflict,
    links: links.map((link) => ({
      recordType: link.recordType,
      recordId: link.recordId,
      linkedById: link.linkedById,
      createdAt: link.createdAt.toISOString(),
    })),
  };
}

/** DTOs with the links the actor may see (a link to someone else's record would reveal that record). */
export async function messageDtos(actor: Actor, messages: Message[], tx?: Transaction): Promise<MessageDto[]> {
  if (!messages.length) return [];
  const links = await MessageLink.findAll({
    where: within(recordLinkedScope(actor), { messageId: messages.map((m) => m.id) }),
    order: [['id', 'ASC']],
    transaction: tx,
  });
  const conflicts = await visibleMessageIdConflicts(actor, messages, tx);
  return messages.map((message) =>
    messageDto(
      message,
      links.filter((link) => Number(link.messageId) === Number(message.id)),
      conflicts.has(Number(message.id)),
    ),
  );
}

/**
 * The flagged messages (stored under a Message-ID another content already had) whose other message the actor can
 * see. The flag alone is not shown: it would tell whoever filed a dummy under a copied Message-ID that a message
 * with that id exists somewhere, hidden from them — the existence is as confidential as the content.
 */
export async function visibleMessageIdConflicts(
  actor: Actor,
  messages: Message[],
  tx?: Transaction,
): Promise<Set<number>> {
  const flagged = messages.filter((m) => m.messageIdConflict);
  if (!flagged.length) return new Set();
  const others = await Message.findAll({
    where: within(messageScope(actor), { messageIdHash: [...new Set(flagged.map((m) => m.messageIdHash))] }),
    attributes: ['id', 'messageIdHash'],
    transaction: tx,
  });
  const hasOther = (m: Message) =>
    others.some((o) => o.messageIdHash === m.messageIdHash && Number(o.id) !== Number(m.id));
  return new Set(flagged.filter(hasOther).map((m) => Number(m.id)));
}
