import { createTestEnv, TestEnv } from '../../support/test-env';
import { countAttempt, readAttempts } from '../../../server/src/throttle/attempt-counts';
import { PasswordAttempts } from '../../../server/src/domain/users/login-throttle';
import { createMigrator } from '../../../server/src/db/migrator';
import { sqlOf } from '../../../server/src/db/sql';

/** The shared attempt counts on a real database (both projects): the decisions, the keys, atomicity, migration 0039. */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ AKTE_MAIL_GATEWAY: 'off' });
});
afterAll(async () => {
  await env.close();
});

const minute = 60_000;
let now = 0;
let round = 0;
/** A fresh window and fresh IPs for every test: the counts of the others stay in the table. */
beforeEach(() => {
  round += 1;
  now = (1_000_000 + round * 10) * minute;
});
const ip = (n: number) => `10.${round}.0.${n}`;

describe('PasswordAttempts', () => {
  const limits = { perAddress: { maxFailures: 3, windowMs: minute }, perIp: { maxFailures: 6, windowMs: minute } };
  const attempts = () => new PasswordAttempts(env.sequelize, limits, () => now);
  const fail = async (email: string, from: string) => (await attempts().start(email, from)).check(async () => null);
  /** The decision a check would get now (not run). */
  const decisionOf = async (email: string, from: string) => {
    const attempt = await attempts().start(email, from);
    attempt.end();
    return attempt.decision;
  };

  it('keys on address and IP: every spelling of the address counts, another IP or address is not blocked', async () => {
    await fail('mailto:a@b.de', ip(1));
    await fail('<a@b.de>', ip(1));
    now += 1000;
    await fail(' A@B.DE ', ip(1));
    expect(await decisionOf('a@b.de', ip(1))).toEqual({ allowed: false, retryAfterSeconds: 59 });
    await expect(
      attempts()
        .start('a@b.de', ip(1))
        .then((a) => a.assertAllowed()),
    ).rejects.toMatchObject({
      kind: 'too_many_attempts',
      retryAfterSeconds: 59,
    });
    expect(await decisionOf('a@b.de', ip(2))).toEqual({ allowed: true });
    expect(await decisionOf('c@b.de', ip(1))).toEqual({ allowed: true });
  });

  it('also keys on the IP alone: spraying many addresses from one IP stops at the per-IP limit', async () => {
    for (let i = 0; i < 6; i++) await fail(`user${i}@b.de`, ip(1));
    expect((await decisionOf('fresh@b.de', ip(1))).allowed).toBe(false);
    expect(await decisionOf('fresh@b.de', ip(2))).toEqual({ allowed: true });
  });

  it('a success forgets the address count, not the IP count', async () => {
    for (let i = 0; i < 2; i++) await fail('a@b.de', ip(1));
    await fail('x@b.de', ip(1));
    await (await attempts().start('a@b.de', ip(1))).check(async () => true);
    await fail('a@b.de', ip(1));
    await fail('a@b.de', ip(1));
    expect(await decisionOf('a@b.de', ip(1))).toEqual({ allowed: true }); // 2 of 3 since the success
    await fail('y@b.de', ip(1));
    expect((await decisionOf('z@b.de', ip(1))).allowed).toBe(false); // 6 of 6 from the IP
  });

  it('slides: failures fade with the window and are gone after two', async () => {
    for (let i = 0; i < 3; i++) await fail('a@b.de', ip(1));
    now += minute + minute / 4;
    expect((await decisionOf('a@b.de', ip(1))).allowed).toBe(false); // 3 × ¾ + 1 > 3
    now += minute / 4;
    expect(await decisionOf('a@b.de', ip(1))).toEqual({ allowed: true }); // 3 × ½ + 1 ≤ 3
    now += minute;
    await fail('other@b.de', ip(3)); // deletes the windows before the previous one
    const rows = await sqlOf(env.sequelize).all<{ n: number }>(
      "SELECT COUNT(*) AS n FROM attempt_counts WHERE kind = 'login' AND subject = ?",
      [`a@b.de|${ip(1)}`],
    );
    expect(Number(rows[0].n)).toBe(0);
  });
});

describe('PasswordAttempts under a burst', () => {
  const limits = { perAddress: { maxFailures: 3, windowMs: minute }, perIp: { maxFailures: 50, windowMs: minute } };
  const attempts = () => new PasswordAttempts(env.sequelize, limits, () => now);

  it('runs no more checks than the limit leaves when a client sends many at once', async () => {
    let checked = 0;
    const wrongPassword = async () => {
      checked += 1;
      await new Promise((resolve) => setTimeout(resolve, 20)); // a password hash takes its time
      return null;
    };
    const burst = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const attempt = await attempts().start('a@b.de', ip(1));
        if (!attempt.decision.allowed) return 'refused';
        await attempt.check(wrongPassword);
        return 'checked';
      }),
    );
    expect(burst.filter((r) => r === 'checked')).toHaveLength(3);
    expect(checked).toBe(3);
    expect(
      (
        await readAttempts(
          env.sequelize,
          [{ kind: 'login', subject: `a@b.de|${ip(1)}`, max: 3, windowMs: minute }],
          now,
        )
      ).failures,
    ).toEqual([{ previous: 0, current: 3 }]);
  });

  it('a check that ends in an error no longer counts as running', async () => {
    const attempt = await attempts().start('a@b.de', ip(2));
    await expect(attempt.check(() => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    const again = await Promise.all([1, 2, 3].map(() => attempts().start('a@b.de', ip(2))));
    expect(again.map((a) => a.decision.allowed)).toEqual([true, true, true]);
    for (const a of again) a.end();
  });
});

describe('countAttempt', () => {
  it('admits exactly the limit of attempts sent at once, and a refusal takes its hit back', async () => {
    const limit = { kind: 'test', subject: ip(1), max: 5, windowMs: minute };
    const decisions = await Promise.all(Array.from({ length: 20 }, () => countAttempt(env.sequelize, [limit], now)));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
    expect(decisions.find((d) => !d.allowed)).toEqual({ allowed: false, retryAfterSeconds: 60 });
    const { failures } = await readAttempts(env.sequelize, [limit], now);
    expect(failures).toEqual([{ previous: 0, current: 5 }]);
  });
});

describe('migration 0039', () => {
  it('moves the web-to-lead counts of gateway_form_hits into attempt_counts and back', async () => {
    const form = await env
      .as('admin')
      .post('/api/v1/lead-forms')
      .send({ teamId: env.teamId, name: 'Migriert', allowedOrigins: ['https://site.example'], maxPerIpHour: 3 });
    expect(form.status).toBe(201);
    const formId = Number(form.body.id);
    const migrator = createMigrator(env.sequelize);
    await migrator.down({ to: '0039-attempt-counts' });
    try {
      await sqlOf(env.sequelize).run(
        'INSERT INTO gateway_form_hits (form_id, ip, window_index, hits) VALUES (?, ?, ?, ?)',
        [formId, '203.0.113.9', 480_000, 3],
      );
    } finally {
      await migrator.up();
    }
    const moved = await sqlOf(env.sequelize).all<{ subject: string | Buffer; window_index: number; hits: number }>(
      "SELECT subject, window_index, hits FROM attempt_counts WHERE kind = 'lead-form'",
    );
    expect(moved.map((r) => [String(r.subject), Number(r.window_index), Number(r.hits)])).toEqual([
      [`${formId}|203.0.113.9`, 480_000, 3],
    ]);
    // The moved count is the one the form's limit reads: three of three taken in that hour.
    const { decision } = await readAttempts(
      env.sequelize,
      [{ kind: 'lead-form', subject: `${formId}|203.0.113.9`, max: 3, windowMs: 60 * minute }],
      480_000 * 60 * minute + minute,
    );
    expect(decision.allowed).toBe(false);

    await migrator.down({ to: '0039-attempt-counts' });
    try {
      const back = await sqlOf(env.sequelize).all<{ form_id: number; ip: string; hits: number }>(
        'SELECT form_id, ip, hits FROM gateway_form_hits',
      );
      expect(back.map((r) => [Number(r.form_id), String(r.ip), Number(r.hits)])).toEqual([[formId, '203.0.113.9', 3]]);
    } finally {
      await migrator.up();
    }
  });
});
