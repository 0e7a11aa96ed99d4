/**
 * Failed-login throttling: at most `maxFailures` wrong passwords per (email, client IP) within a sliding window.
 * Keyed on both so that an attacker cannot lock a colleague out from elsewhere just by knowing their address, and
 * one address cannot be guessed from many IPs faster than `maxFailures` per IP.
 *
 * The window lives in process memory: several server processes each keep their own window, so the effective limit
 * is `maxFailures` × process count. That is acceptable for a brute-force brake (scrypt already makes every guess
 * expensive); a shared store would be needed for an exact limit.
 */
export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
  /** Injected clock, so the decision stays testable without timers. */
  now?: () => number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly now: () => number;

  constructor(private readonly options: ThrottleOptions) {
    this.now = options.now ?? Date.now;
  }

  static keyOf(email: string, ip: string): string {
    return `${email.trim().toLowerCase()}|${ip}`;
  }

  /** Whether another attempt may be checked now; when not, how long until the oldest failure leaves the window. */
  check(key: string): ThrottleDecision {
    const recent = this.recentFailures(key);
    if (recent.length < this.options.maxFailures) return { allowed: true };
    const oldest = recent[recent.length - this.options.maxFailures];
    const waitMs = oldest + this.options.windowMs - this.now();
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  recordFailure(key: string): void {
    const recent = this.recentFailures(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    this.sweep();
  }

  /** A successful login forgets the failures of that key. */
  reset(key: string): void {
    this.failures.delete(key);
  }

  private recentFailures(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    return (this.failures.get(key) ?? []).filter((at) => at > since);
  }

  /** Drops expired keys now and then, so a stream of distinct guesses cannot grow the map without bound. */
  private sweep(): void {
    if (this.failures.size < 1000) return;
    const since = this.now() - this.options.windowMs;
    for (const [key, times] of this.failures) {
      if (!times.some((at) => at > since)) this.failures.delete(key);
    }
  }
}

/** The limits of every password form (REST login, the add-in's connect page). */
export const LOGIN_LIMITS: ThrottleOptions = { maxFailures: 10, windowMs: 15 * 60 * 1000 };

const throttles = new WeakMap<object, LoginThrottle>();

/**
 * The one throttle of an app instance (keyed by its services object), shared by every form that checks a password:
 * a guesser gets `maxFailures` tries per (address, IP) in total, not that many per login page.
 */
export function loginThrottleOf(app: object): LoginThrottle {
  let throttle = throttles.get(app);
  if (!throttle) throttles.set(app, (throttle = new LoginThrottle(LOGIN_LIMITS)));
  return throttle;
}
