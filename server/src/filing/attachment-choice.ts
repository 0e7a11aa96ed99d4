import type { EmailInput } from './email';

/**
 * The attachments the user chose not to file (the mail clients' "File" with its attachment checkboxes): dropped
 * before anything reaches the blob store. Named by file name as the mail client shows it — the client lists a
 * message's attachments itself (Thunderbird's messages.listAttachments, Outlook's item.attachments) and cannot know
 * the server's parse order; several attachments of one name go together. Pure.
 */
export function withoutSkippedAttachments(email: EmailInput, skip: readonly string[]): EmailInput {
  if (!skip.length || !email.attachments.length) return email;
  const names = new Set(skip);
  return { ...email, attachments: email.attachments.filter((a) => !names.has(a.name)) };
}
