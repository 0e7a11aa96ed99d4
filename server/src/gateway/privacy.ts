import type { EmailInput } from '../filing/email';
import type { PrivacyLevel } from './model';

/**
 * What a personal mailbox keeps of a message (Twenty's "share everything / subject / metadata"): `metadata` keeps
 * who wrote to whom and when (enough for a customer's history), `subject` adds the subject line, `full` the body
 * and the attachments. A team mailbox always keeps everything: its mail is the company's, not a person's.
 */
export function applyPrivacy(email: EmailInput, level: PrivacyLevel): EmailInput {
  if (level === 'full') return email;
  return {
    ...email,
    subject: level === 'subject' ? email.subject : null,
    text: null,
    html: null,
    attachments: [],
  };
}
