import type { EmailInput } from '../filing/email';
import type { GatewayMailbox, PrivacyLevel } from './model';

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

/** The level a mailbox keeps: a team mailbox's mail is the company's, all of it. */
export function privacyLevelOf(mailbox: Pick<GatewayMailbox, 'kind' | 'privacy'>): PrivacyLevel {
  return mailbox.kind === 'team' ? 'full' : mailbox.privacy;
}

/**
 * Whether a taken message needs its body fetched at all: not when the mailbox keeps only metadata or the subject —
 * everything kept is in the header block, and the stored message (and its content hash, computed on what is kept)
 * is the same as from the whole message. A message without a Message-ID is the exception: the one derived for it
 * hashes the whole message's bytes (filing/email.ts synthesizeMessageId), and the header alone would give another.
 */
export function bodyNeeded(level: PrivacyLevel, messageIdSynthesized: boolean): boolean {
  return level === 'full' || messageIdSynthesized;
}
