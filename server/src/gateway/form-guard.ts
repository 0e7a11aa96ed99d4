/**
 * Spam protection of the public lead form without third-party services (issue #14). Pure decisions; the router
 * turns each refusal into its own clear error.
 */
export type FormRefusal = 'honeypot' | 'too_fast' | 'stale_form' | 'no_start_time';

/** Forms older than this are refused: the page was left open for a day, or the time is made up. */
const MAX_FORM_AGE_MS = 24 * 60 * 60_000;

/**
 * - honeypot: a field hidden from people (CSS, aria-hidden, tabindex -1) that form-filling bots fill in;
 * - minimum fill time: the form's script stamps the time it was shown (`_started`, ms since 1970; JSON clients send
 *   `startedAt`); a person needs more than a few seconds for name, address and message, a bot posts at once. A post
 *   without the stamp comes from something that did not run the page (a plain script).
 */
export function checkSubmission(
  input: { honeypot: string | undefined; startedAt: number | undefined },
  now: number,
  minFillSeconds: number,
): FormRefusal | null {
  if (input.honeypot && input.honeypot.trim() !== '') return 'honeypot';
  if (input.startedAt === undefined || !Number.isFinite(input.startedAt)) return 'no_start_time';
  const elapsed = now - input.startedAt;
  if (elapsed < 0 || elapsed > MAX_FORM_AGE_MS) return 'stale_form';
  if (elapsed < minFillSeconds * 1000) return 'too_fast';
  return null;
}

/** UTM parameters (Google's campaign URL builder convention) → the lead's source fields. */
export function sourceFieldsOf(input: {
  utm_source?: string;
  utm_medium?: string;
  utm_campaign?: string;
  referrer?: string;
}) {
  const clean = (v: string | undefined, max: number) => (v && v.trim() ? v.trim().slice(0, max) : null);
  return {
    source: clean(input.utm_source, 120),
    medium: clean(input.utm_medium, 120),
    campaign: clean(input.utm_campaign, 120),
    referredBy: clean(input.referrer, 255),
  };
}
