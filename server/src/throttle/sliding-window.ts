/**
 * The attempt throttle's decisions (attempt-counts.ts does the I/O). Pure.
 *
 * A limit is `max` attempts per `windowMs`, counted per key in fixed windows (the window's number is
 * `floor(ms since 1970 / windowMs)`), and decided over the last `windowMs` as a sliding window estimated from two
 * counters: the previous window's count weighted by the share of it that still lies within the last `windowMs`, plus
 * the current window's. So nobody gets `max` at the end of one window and `max` again at the start of the next, and
 * every server process can share the two counters in the database instead of a log of timestamps per process.
 */
export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface WindowCounts {
  previous: number;
  current: number;
}

/** The fixed window `now` falls in. */
export function windowIndexOf(now: number, windowMs: number): number {
  return Math.floor(now / windowMs);
}

/**
 * Whether the counted attempts stay within `max`; `current` includes the attempt being decided. When refused: the
 * seconds until the estimate leaves room for one more (at the latest the next window's start), for Retry-After
 * (RFC 9110 §10.2.3).
 */
export function slidingWindowDecision(
  counts: WindowCounts,
  now: number,
  windowMs: number,
  max: number,
): ThrottleDecision {
  const elapsed = now % windowMs;
  const estimate = counts.previous * (1 - elapsed / windowMs) + counts.current;
  if (estimate <= max) return { allowed: true };
  const untilNextWindow = windowMs - elapsed;
  // Within this window the previous count keeps fading: room comes when previous·(1 − t/W) + current ≤ max.
  const room = max - counts.current;
  const waitMs =
    room >= 0 && counts.previous > 0
      ? Math.min(untilNextWindow, windowMs * (1 - room / counts.previous) - elapsed)
      : untilNextWindow;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}

/**
 * Before a password is checked: would one more failure still be within the limit? The counts are failures so far
 * (the attempt being decided is not counted yet): with `max` failures in the window the next check is refused.
 */
export function nextAttemptDecision(
  failures: WindowCounts,
  now: number,
  windowMs: number,
  max: number,
): ThrottleDecision {
  return slidingWindowDecision({ previous: failures.previous, current: failures.current + 1 }, now, windowMs, max);
}

/** Several limits on one attempt (an address and an IP): allowed when all are, otherwise the longest wait. */
export function strictestDecision(decisions: readonly ThrottleDecision[]): ThrottleDecision {
  const waits = decisions.flatMap((d) => (d.allowed ? [] : [d.retryAfterSeconds]));
  return waits.length ? { allowed: false, retryAfterSeconds: Math.max(...waits) } : { allowed: true };
}
