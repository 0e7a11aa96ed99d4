import { passwordAttemptLimits, throttledAddress } from '../../../server/src/domain/users/login-throttle';
import {
  nextAttemptDecision,
  slidingWindowDecision,
  strictestDecision,
  windowIndexOf,
} from '../../../server/src/throttle/sliding-window';

/** The pure parts of the password brake; the counting itself runs on a real database (throttle/attempt-counts.test.ts). */
describe('password attempt keys', () => {
  it('normalizes the address: mailto:, angle brackets, padding and case are one address', () => {
    expect(['mailto:A@B.de', '<a@b.de>', '  a@B.DE ', 'MAILTO:<a@b.de>'].map(throttledAddress)).toEqual([
      'a@b.de',
      'a@b.de',
      'a@b.de',
      'a@b.de',
    ]);
    expect(throttledAddress(' Not An Address ')).toBe('not an address');
    const subjects = ['mailto:a@b.de', '<a@b.de>', ' A@B.DE '].map(
      (e) => passwordAttemptLimits(e, '1.2.3.4')[0].subject,
    );
    expect(new Set(subjects)).toEqual(new Set(['a@b.de|1.2.3.4']));
  });

  it('keys on address with IP, and on the IP alone', () => {
    const [address, ip] = passwordAttemptLimits('a@b.de', '1.2.3.4');
    expect(address).toEqual({ kind: 'login', subject: 'a@b.de|1.2.3.4', max: 10, windowMs: 15 * 60_000 });
    expect(ip).toEqual({ kind: 'login-ip', subject: '1.2.3.4', max: 100, windowMs: 15 * 60_000 });
  });
});

describe('sliding-window decisions', () => {
  const windowMs = 60_000;
  const start = 1000 * windowMs;

  it('allows checks until the limit of failures is reached, then says how long to wait', () => {
    expect(nextAttemptDecision({ previous: 0, current: 2 }, start + 3000, windowMs, 3)).toEqual({ allowed: true });
    expect(nextAttemptDecision({ previous: 0, current: 3 }, start + 3000, windowMs, 3)).toEqual({
      allowed: false,
      retryAfterSeconds: 57,
    });
  });

  it('slides: the previous window fades out, the one before it no longer counts', () => {
    // Three failures late in the previous window: a quarter into this one, 3 × 0.75 + 1 > 3.
    expect(nextAttemptDecision({ previous: 3, current: 0 }, start + windowMs / 4, windowMs, 3).allowed).toBe(false);
    // Half-way, 3 × 0.5 + 1 ≤ 3.
    expect(nextAttemptDecision({ previous: 3, current: 0 }, start + windowMs / 2, windowMs, 3)).toEqual({
      allowed: true,
    });
    expect(windowIndexOf(start + windowMs - 1, windowMs)).toBe(1000);
    expect(windowIndexOf(start + windowMs, windowMs)).toBe(1001);
  });

  it('takes the strictest of several limits', () => {
    const refused = slidingWindowDecision({ previous: 0, current: 4 }, start, windowMs, 3);
    expect(strictestDecision([{ allowed: true }, refused])).toEqual(refused);
    expect(strictestDecision([refused, { allowed: false, retryAfterSeconds: 600 }])).toEqual({
      allowed: false,
      retryAfterSeconds: 600,
    });
    expect(strictestDecision([{ allowed: true }, { allowed: true }])).toEqual({ allowed: true });
  });
});
