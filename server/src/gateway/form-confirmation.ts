import { normalizeEmail } from '@akte/core';
import { actorForUser } from '../domain/users/actors';
import { User } from '../domain/users/model';
import type { Services } from '../http/context';
import { confirmationTexts, FormLocale } from './form-texts';
import type { GatewayLeadForm } from './lead-form-model';
import { sendRecordMail } from './send-mail';

/**
 * The one address a confirmation may go to, or null. Pure. Whoever posts the form chooses it, so it must be exactly
 * one addr-spec (RFC 5322 §3.4.1): no list (`,` `;`), no display name or route (`<` `>` `"` `:`), no whitespace or
 * line break (header injection), one `@`. Nodemailer would read "a@x.example, b@y.example" as two recipients.
 */
export function confirmationRecipient(raw: string): string | null {
  if (raw.length > 254 || /[\s,;<>"():\\[\]]/.test(raw)) return null;
  if (raw.split('@').length !== 2) return null;
  const address = normalizeEmail(raw);
  return address && address.split('@').length === 2 ? address : null;
}

/**
 * Web-to-lead's optional confirmation (issue #14, off by default per form): a plain-text mail in the visitor's
 * language, fixed words only (form-texts.ts), to the one address of the submission, sent as the form's creator sends
 * mail (send-mail.ts: their own SMTP account or the server-wide one) and stored on the new lead, so that a reply
 * routes back to it. Marked Auto-Submitted (RFC 3834). Called after the visitor has their answer: a slow or failing
 * SMTP server costs the visitor nothing, and the lead is kept either way.
 */
export async function sendFormConfirmation(
  services: Services,
  form: GatewayLeadForm,
  leadId: number,
  email: string,
  locale: FormLocale,
): Promise<'sent' | 'bad_address' | 'no_sender'> {
  const to = confirmationRecipient(email);
  if (!to) return 'bad_address';
  const owner = await User.findByPk(form.createdById);
  if (!owner || !owner.active) return 'no_sender';
  const { subject, body } = confirmationTexts(form.name, locale);
  await sendRecordMail(services, await actorForUser(owner), {
    record: { recordType: 'lead', recordId: leadId },
    to: [to],
    subject,
    body,
    automatic: true,
  });
  return 'sent';
}
