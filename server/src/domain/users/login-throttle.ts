import type { Sequelize } from 'sequelize';
import { normalizeEmail } from '@akte/core';
import { TooManyAttemptsError } from '../errors';
import { AttemptLimit, forgetAttempts, readAttempts, recordAttempt } from '../../throttle/attempt-counts';
import type { ThrottleDecision } from '../../throttle/sliding-window';

/**
 * The brake on guessing passwords: failed password checks counted on the attempt throttle every server process shares
 * (throttle/attempt-counts.ts, table attempt_counts), so N processes behind one database allow the limit once, not
 * N times.
 */
export interface ThrottleOptions {
  maxFailures: number;
  windowMs: number;
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
 * The two keys of a password check (pure): the normalized address with the client IP (`login`), and the IP alone
 * (`login-ip`).
 */
export function passwordAttemptLimits(email: string, ip: string, limits = LOGIN_LIMITS): [AttemptLimit, AttemptLimit] {
  return [
    {
      kind: 'login',
      subject: `${throttledAddress(email)}|${ip}`,
      max: limits.perAddress.maxFailures,
      windowMs: limits.perAddress.windowMs,
    },
    { kind: 'login-ip', subject: ip, max: limits.perIp.maxFailures, windowMs: limits.perIp.windowMs },
  ];
}

/**
 * One password check in progress, started by PasswordAttempts.start: the counts were read once (one SELECT), the
 * caller checks the password and says how it went. Only a failure writes (both counts raised); a success writes only
 * when the address had failures to forget.
 */
export class PasswordAttempt {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly limits: [AttemptLimit, AttemptLimit],
    /** Whether another attempt may be checked now; when not, how long until the counts leave room for one. */
    readonly decision: ThrottleDecision,
    private readonly addressFailures: number,
    private readonly now: () => number,
  ) {}

  /** Throws TooManyAttemptsError (429 with Retry-After) when the check must wait. */
  assertAllowed(message = 'Too many failed password attempts'): this {
    if (this.decision.allowed) return this;
    const wait = this.decision.retryAfterSeconds;
    throw new TooManyAttemptsError(`${message}: try again in ${wait} seconds`, wait);
  }

  failed(): Promise<void> {
    return recordAttempt(this.sequelize, this.limits, this.now());
  }

  /**
   * A right password forgets the failures of that address and IP. Not those of the IP: an attacker could otherwise
   * reset the IP's count by logging in to an account of their own between guesses.
   */
  async succeeded(): Promise<void> {
    if (this.addressFailures > 0) await forgetAttempts(this.sequelize, [this.limits[0]]);
  }
}

/**
 * Every check of a password (REST login, the add-in's connect page, the current password of a password change),
 * counted under two keys: the normalized address with the client IP, and the client IP alone. Shared by every form
 * that checks a password and by every process: a guesser gets the limit in total.
 *
 * Checks already running when the limit is reached still finish (at most as many as the client sends at once):
 * the counts are read before the check and raised after it, so that a right password writes nothing.
 */
export class PasswordAttempts {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly limits: PasswordAttemptLimits = LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  async start(email: string, ip: string): Promise<PasswordAttempt> {
    const limits = passwordAttemptLimits(email, ip, this.limits);
    const { decision, failures } = await readAttempts(this.sequelize, limits, this.now());
    const addressFailures = failures[0].previous + failures[0].current;
    return new PasswordAttempt(this.sequelize, limits, decision, addressFailures, this.now);
  }
}

/** The password brake of an app instance's services. */
export function passwordAttemptsOf(services: { sequelize: Sequelize }): PasswordAttempts {
  return new PasswordAttempts(services.sequelize);
}
