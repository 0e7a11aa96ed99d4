import { LoginThrottle } from '../../../server/src/domain/users/login-throttle';

describe('LoginThrottle', () => {
  let now = 0;
  const make = () => new LoginThrottle({ maxFailures: 3, windowMs: 60_000, now: () => now });
  beforeEach(() => {
    now = 1_000_000;
  });

  it('allows attempts until the limit of failures is reached', () => {
    const t = make();
    const key = LoginThrottle.keyOf('A@B.de', '1.2.3.4');
    for (let i = 0; i < 3; i++) {
      expect(t.check(key)).toEqual({ allowed: true });
      t.recordFailure(key);
      now += 1000;
    }
    expect(t.check(key)).toEqual({ allowed: false, retryAfterSeconds: 57 });
  });

  it('keys on email (case-insensitively) and IP', () => {
    const t = make();
    for (let i = 0; i < 3; i++) t.recordFailure(LoginThrottle.keyOf('a@b.de', '1.2.3.4'));
    expect(t.check(LoginThrottle.keyOf(' A@B.DE', '1.2.3.4')).allowed).toBe(false);
    expect(t.check(LoginThrottle.keyOf('a@b.de', '5.6.7.8')).allowed).toBe(true);
    expect(t.check(LoginThrottle.keyOf('c@b.de', '1.2.3.4')).allowed).toBe(true);
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
