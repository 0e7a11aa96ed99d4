import type { Transaction } from 'sequelize';
import type { Actor } from '../../access/actor';
import { recordLinkedScope, within } from '../../access/policy';
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
  links: MessageLinkDto[];
}

function messageDto(message: Message, links: MessageLink[]): MessageDto {
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
  return messages.map((message) =>
    messageDto(
      message,
      links.filter((link) => Number(link.messageId) === Number(message.id)),
    ),
  );
}
