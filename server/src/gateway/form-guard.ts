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

/**
 * A per-key sliding window (the last hour's submissions per form and IP), kept in the process: enough to stop a
 * flood from one address; several server processes each keep their own (the limit then applies per process).
 */
export class SubmissionLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly windowMs = 60 * 60_000) {}

  /** Records a submission unless the key is at `max`; returns the seconds to wait when refused. */
  take(key: string, max: number, now: number): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length >= max) {
      this.hits.set(key, recent);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000)) };
    }
    recent.push(now);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(now);
    return { allowed: true };
  }

  private prune(now: number): void {
    for (const [key, times] of this.hits) if (!times.some((t) => now - t < this.windowMs)) this.hits.delete(key);
  }
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
