import { LoginThrottle, PasswordAttempts, throttledAddress } from '../../../server/src/domain/users/login-throttle';

describe('LoginThrottle', () => {
  let now = 0;
  const make = () => new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows attempts until the limit of failures is reached', () => {
    const t = make();
    const key = 'a@b.de|1.2.3.4';
    for (let i = 0; i < 3; i++) {
      expect(t.check(key)).toEqual({ allowed: true });
      t.recordFailure(key);
      now += 1000;
    }
    expect(t.check(key)).toEqual({ allowed: false, retryAfterSeconds: 57 });
  });

  it('slides: failures older than the window no longer count', () => {
    const t = make();
    const key = 'k';
    t.recordFailure(key);
    now += 30_000;
    t.recordFailure(key);
    t.recordFailure(key);
    expect(t.check(key).allowed).toBe(false);
    now += 30_001;
    expect(t.check(key)).toEqual({ allowed: true });
  });

  it('forgets a key after a successful login', () => {
    const t = make();
    for (let i = 0; i < 3; i++) t.recordFailure('k');
    t.reset('k');
    expect(t.check('k').allowed).toBe(true);
  });
});

describe('PasswordAttempts', () => {
  let now = 0;
  const limits = { perAddress: { maxFailures: 3, windowMs: 60_000 }, perIp: { maxFailures: 6, windowMs: 60_000 } };
  const make = () => new PasswordAttempts(limits, () => now);
  beforeEach(() => {
    now = 1_000_000;
  });

  it('normalizes the address: mailto:, angle brackets, padding and case are one address', () => {
    expect(['mailto:A@B.de', '<a@b.de>', '  a@B.DE ', 'MAILTO:<a@b.de>'].map(throttledAddress)).toEqual([
      'a@b.de',
      'a@b.de',
      'a@b.de',
      'a@b.de',
    ]);
    expect(throttledAddress(' Not An Address ')).toBe('not an address');
    const t = make();
    t.recordFailure('mailto:a@b.de', '1.2.3.4');
    t.recordFailure('<a@b.de>', '1.2.3.4');
    t.recordFailure(' A@B.DE ', '1.2.3.4');
    expect(t.check('a@b.de', '1.2.3.4').allowed).toBe(false);
  });

  it('keys on address and IP: another IP or another address is not blocked by them', () => {
    const t = make();
    for (let i = 0; i < 3; i++) t.recordFailure('a@b.de', '1.2.3.4');
    expect(t.check('a@b.de', '5.6.7.8')).toEqual({ allowed: true });
    expect(t.check('c@b.de', '1.2.3.4')).toEqual({ allowed: true });
  });

  it('also keys on the IP alone: spraying many addresses from one IP stops at the per-IP limit', () => {
    const t = make();
    for (let i = 0; i < 6; i++) t.recordFailure(`user${i}@b.de`, '1.2.3.4');
    expect(t.check('fresh@b.de', '1.2.3.4').allowed).toBe(false);
    expect(t.check('fresh@b.de', '5.6.7.8')).toEqual({ allowed: true });
    expect(() => t.assertAllowed('fresh@b.de', '1.2.3.4')).toThrow(
      expect.objectContaining({ kind: 'too_many_attempts', retryAfterSeconds: 60 }),
    );
  });

  it('a success forgets the address count, not the IP count', () => {
    const t = make();
    for (let i = 0; i < 2; i++) t.recordFailure('a@b.de', '1.2.3.4');
    t.recordFailure('x@b.de', '1.2.3.4');
    t.recordSuccess('a@b.de', '1.2.3.4');
    t.recordFailure('a@b.de', '1.2.3.4');
    t.recordFailure('a@b.de', '1.2.3.4');
    expect(t.check('a@b.de', '1.2.3.4').allowed).toBe(true); // 2 of 3 since the success
    t.recordFailure('y@b.de', '1.2.3.4');
    expect(t.check('z@b.de', '1.2.3.4').allowed).toBe(false); // 6 of 6 from the IP
  });
});
