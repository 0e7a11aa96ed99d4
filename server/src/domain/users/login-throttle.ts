import type { Sequelize } from 'sequelize';
import { normalizeEmail } from '@akte/core';
import { TooManyAttemptsError } from '../errors';
import { AttemptLimit, forgetAttempts, readAttempts, recordAttempt } from '../../throttle/attempt-counts';
import { nextAttemptDecision, strictestDecision, type ThrottleDecision } from '../../throttle/sliding-window';

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
 * Password checks running in this process, per key (a Sequelize instance is one app): each counts as a failure until
 * it has ended. The counts in the database are raised only after a check failed (so a right password writes
 * nothing); without this, a client sending a burst of checks at once would have them all read the same count and all
 * run. With it, a burst at one process runs no more checks than the limit leaves; a burst spread over P processes at
 * most P times that, once per window. It only ever refuses more: the database's counts stay the authority.
 */
const runningChecks = new WeakMap<Sequelize, Map<string, number>>();

function runningOf(sequelize: Sequelize): Map<string, number> {
  let running = runningChecks.get(sequelize);
  if (!running) runningChecks.set(sequelize, (running = new Map()));
  return running;
}

const runningKey = (limit: AttemptLimit) => `${limit.kind}\n${limit.subject}`;

/**
 * One password check, started by PasswordAttempts.start: the counts were read once (one SELECT). `check` runs the
 * password check and says how it went: only a failure writes (both counts raised); a success writes only when the
 * address had failures to forget.
 */
export class PasswordAttempt {
  private ended = false;

  constructor(
    private readonly sequelize: Sequelize,
    private readonly limits: [AttemptLimit, AttemptLimit],
    /** Whether the check may run now; when not, how long until the counts leave room for one. */
    readonly decision: ThrottleDecision,
    private readonly addressFailures: number,
    private readonly now: () => number,
  ) {
    // Refused checks do not run, so only an allowed one is counted as running.
    this.ended = !decision.allowed;
  }

  /** Throws TooManyAttemptsError (429 with Retry-After) when the check must wait. */
  assertAllowed(message = 'Too many failed password attempts'): this {
    if (this.decision.allowed) return this;
    const wait = this.decision.retryAfterSeconds;
    throw new TooManyAttemptsError(`${message}: try again in ${wait} seconds`, wait);
  }

  /** Runs the password check (null or false: wrong), counts its outcome and ends the attempt, whatever happens. */
  async check<T>(verify: () => Promise<T | null | false>): Promise<T | null | false> {
    try {
      const result = await verify();
      await (result ? this.succeeded() : this.failed());
      return result;
    } finally {
      this.end();
    }
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

  /** The check is over (after its outcome was written): it no longer counts as running. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const running = runningOf(this.sequelize);
    for (const limit of this.limits) {
      const key = runningKey(limit);
      const left = (running.get(key) ?? 1) - 1;
      if (left > 0) running.set(key, left);
      else running.delete(key);
    }
  }
}

/**
 * Every check of a password (REST login, the add-in's connect page, the current password of a password change),
 * counted under two keys: the normalized address with the client IP, and the client IP alone. Shared by every form
 * that checks a password and by every process: a guesser gets the limit in total.
 */
export class PasswordAttempts {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly limits: PasswordAttemptLimits = LOGIN_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the counts and decides; an allowed attempt counts as running until it ends (`check`, or `end`). */
  async start(email: string, ip: string): Promise<PasswordAttempt> {
    const limits = passwordAttemptLimits(email, ip, this.limits);
    const { failures } = await readAttempts(this.sequelize, limits, this.now());
    // From here to the registration below nothing awaits: two checks of one process cannot both see the same room.
    const running = runningOf(this.sequelize);
    const now = this.now();
    const decision = strictestDecision(
      limits.map((l, i) => {
        const counted = {
          previous: failures[i].previous,
          current: failures[i].current + (running.get(runningKey(l)) ?? 0),
        };
        return nextAttemptDecision(counted, now, l.windowMs, l.max);
      }),
    );
    if (decision.allowed) for (const l of limits) running.set(runningKey(l), (running.get(runningKey(l)) ?? 0) + 1);
    const addressFailures = failures[0].previous + failures[0].current;
    return new PasswordAttempt(this.sequelize, limits, decision, addressFailures, this.now);
  }
}

/** The password brake of an app instance's services. */
export function passwordAttemptsOf(services: { sequelize: Sequelize }): PasswordAttempts {
  return new PasswordAttempts(services.sequelize);
}
