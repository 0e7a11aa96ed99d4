import { normalizeEmail } from '@akte/core';
import { actorForUser } from '../domain/users/actors';
import { User } from '../domain/users/model';
import type { Services } from '../http/context';
import { countAttempt } from '../throttle/attempt-counts';
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

/** At most one confirmation per address and form per hour (kind `lead-form-confirmation`). */
export const CONFIRMATIONS_PER_ADDRESS_HOUR = 1;
/** At most this many confirmations per form and day, whatever the addresses (kind `lead-form-confirmation-day`). */
export const CONFIRMATIONS_PER_FORM_DAY = 100;
const HOUR_MS = 60 * 60_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Whoever posts a confirming form chooses where the server mails: the per-IP limit alone (form-rate-limit.ts) lets
 * many IPs make it mail one address again and again, or one IP mail many addresses. So a confirmation is counted
 * on the attempt throttle every server process shares (throttle/attempt-counts.ts) per form and address — at most
 * one an hour — and per form — at most CONFIRMATIONS_PER_FORM_DAY a day; a refused one takes its hits back. The lead
 * is created either way, and the visitor's answer is the same: it is given before this count, and a different
 * answer would tell a prober which addresses were used on the form lately.
 */
export function takeFormConfirmation(services: Services, formId: number, address: string, now: number) {
  return countAttempt(
    services.sequelize,
    [
      {
        kind: 'lead-form-confirmation',
        subject: `${formId}|${address}`,
        max: CONFIRMATIONS_PER_ADDRESS_HOUR,
        windowMs: HOUR_MS,
      },
      {
        kind: 'lead-form-confirmation-day',
        subject: String(formId),
        max: CONFIRMATIONS_PER_FORM_DAY,
        windowMs: DAY_MS,
      },
    ],
    now,
  );
}

/**
 * Web-to-lead's optional confirmation (issue #14, off by default per form): a plain-text mail in the visitor's
 * language, fixed words only (form-texts.ts), to the one address of the submission, sent as the form's creator sends
 * mail (send-mail.ts: their own SMTP account or the server-wide one) and stored on the new lead, so that a reply
 * routes back to it. Marked Auto-Submitted (RFC 3834). Called after the visitor has their answer: a slow or failing
 * SMTP server costs the visitor nothing, and the lead is kept either way — also when the address or the form has had
 * its confirmations (takeFormConfirmation).
 */
export async function sendFormConfirmation(
  services: Services,
  form: GatewayLeadForm,
  leadId: number,
  email: string,
  locale: FormLocale,
): Promise<'sent' | 'bad_address' | 'no_sender' | 'too_many'> {
  const to = confirmationRecipient(email);
  if (!to) return 'bad_address';
  const owner = await User.findByPk(form.createdById);
  if (!owner || !owner.active) return 'no_sender';
  if (!(await takeFormConfirmation(services, form.id, to, Date.now())).allowed) return 'too_many';
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
