import { createTestEnv, TestEnv } from '../../support/test-env';
import { bookPath, davRequest, vcard } from '../dav/dav-client';
import { count, makeLead } from '../filing/records';

/**
 * A write that cannot get its turn within AKTE_WRITE_WAIT_MS answers 503 with Retry-After — REST and DAV alike —
 * and writes nothing; once the lock is free the same request succeeds. On MariaDB writers do not wait for one
 * another here (row locks on different rows), so the same requests succeed at once.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv({ AKTE_WRITE_WAIT_MS: '300' });
});
afterAll(async () => {
  await env.close();
});

describe('a write that waits too long', () => {
  it('answers 503 + Retry-After (REST and DAV), writes nothing, and succeeds when sent again', async () => {
    const lead = await makeLead({ name: 'Busy deal', salespersonId: env.users.own.id });
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const begun = new Promise<void>((resolve) => (started = resolve));
    const longWriter = env.sequelize.transaction(async () => {
      started();
      await holding;
    });
    await begun;
    const card = vcard('uid-busy', 'Busy Person', ['EMAIL:busy@busy.test']);
    const putCard = () =>
      davRequest(env, 'own', 'PUT', `${bookPath(env, 'own', 'customers')}busy.vcf`, card, {
        'Content-Type': 'text/vcard; charset=utf-8',
      });
    const patchLead = () => env.as('own').patch(`/api/v1/leads/${lead.id}`).send({ name: 'Busy deal renamed' });
    try {
      const [dav, rest] = await Promise.all([putCard(), patchLead()]);
      if (env.dialect === 'sqlite') {
        expect(dav.status).toBe(503);
        expect(dav.headers['retry-after']).toMatch(/^\d+$/);
        expect(rest.status).toBe(503);
        expect(rest.headers['retry-after']).toMatch(/^\d+$/);
        expect(rest.body.error.code).toBe('busy');
        expect(await count(env, 'partner_emails', `email = 'busy@busy.test'`)).toBe(0);
      } else {
        expect([dav.status, rest.status]).toEqual([201, 200]);
      }
    } finally {
      release();
      await longWriter;
    }
    const again = await putCard();
    expect([201, 204]).toContain(again.status);
    expect(await count(env, 'partner_emails', `email = 'busy@busy.test'`)).toBe(1);
    expect((await patchLead()).status).toBe(200);
  });
});
