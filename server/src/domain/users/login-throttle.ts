import { normalizeEmail } from '@akte/core';
import { TooManyAttemptsError } from '../errors';

/**
 * Failed-login throttling: a sliding window of failures per key (see PasswordAttempts for the keys).
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

/**
 * The address a throttle counts a password attempt against: the address as the user table compares it
 * (core's normalizeEmail), so `mailto:a@b.de`, `<A@B.DE>` and ` a@b.de ` share one count instead of each getting
 * fresh attempts. Something that is no address at all is counted under its trimmed, lower-cased text. Pure.
 */
export function throttledAddress(email: string): string {
  return normalizeEmail(email) || email.trim().toLowerCase();
}

export interface PasswordAttemptLimits {
  /** Failures per (address, client IP): guessing one account. */
  perAddress: ThrottleOptions;
  /** Failures per client IP over all addresses: spraying one password over many accounts. */
  perIp: ThrottleOptions;
}

/**
 * 10 per address and IP in 15 minutes; 100 per IP, so an office behind one NAT address is not locked out by a few
 * colleagues' typos. Neither key is the address alone: knowing a colleague's address must not let anyone lock them
 * out from elsewhere.
 */
export const LOGIN_LIMITS: PasswordAttemptLimits = {
  perAddress: { maxFailures: 10, windowMs: 15 * 60 * 1000 },
  perIp: { maxFailures: 100, windowMs: 15 * 60 * 1000 },
};

/**
 * Every check of a password (REST login, the add-in's connect page, the current password of a password change),
 * counted under two keys: the normalized address with the client IP, and the client IP alone.
 */
export class PasswordAttempts {
  private readonly perAddress: LoginThrottle;
  private readonly perIp: LoginThrottle;

  constructor(limits: PasswordAttemptLimits = LOGIN_LIMITS, now?: () => number) {
    this.perAddress = new LoginThrottle({ ...limits.perAddress, now });
    this.perIp = new LoginThrottle({ ...limits.perIp, now });
  }

  /** Allowed when both keys are; otherwise the longer wait. */
  check(email: string, ip: string): ThrottleDecision {
    const decisions = [this.perAddress.check(addressKey(email, ip)), this.perIp.check(ip)];
    const waits = decisions.flatMap((d) => (d.allowed ? [] : [d.retryAfterSeconds]));
    return waits.length ? { allowed: false, retryAfterSeconds: Math.max(...waits) } : { allowed: true };
  }

  /** Throws TooManyAttemptsError (429 with Retry-After) when the next attempt must wait. */
  assertAllowed(email: string, ip: string, message = 'Too many failed password attempts'): void {
    const decision = this.check(email, ip);
    if (decision.allowed) return;
    throw new TooManyAttemptsError(
      `${message}: try again in ${decision.retryAfterSeconds} seconds`,
      decision.retryAfterSeconds,
    );
  }

  recordFailure(email: string, ip: string): void {
    this.perAddress.recordFailure(addressKey(email, ip));
    this.perIp.recordFailure(ip);
  }

  /**
   * A right password forgets the failures of that address and IP. Not those of the IP: an attacker could otherwise
   * reset the IP's count by logging in to an account of their own between guesses.
   */
  recordSuccess(email: string, ip: string): void {
    this.perAddress.reset(addressKey(email, ip));
  }
}

function addressKey(email: string, ip: string): string {
  return `${throttledAddress(email)}|${ip}`;
}

const attempts = new WeakMap<object, PasswordAttempts>();

/**
 * The one PasswordAttempts of an app instance (keyed by its services object), shared by every form that checks a
 * password: a guesser gets the limit in total, not that many per login page.
 */
export function passwordAttemptsOf(app: object): PasswordAttempts {
  let found = attempts.get(app);
  if (!found) attempts.set(app, (found = new PasswordAttempts(LOGIN_LIMITS)));
  return found;
}
