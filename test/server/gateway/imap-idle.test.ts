import { createTestEnv, TestEnv } from '../../support/test-env';
import { appendMessages, RunningDovecot, startDovecot, stopDovecot } from '../../support/dovecot';
import { sleep } from '../../services/net';
import { GatewayMailbox } from '../../../server/src/gateway/model';
import { GatewayWorker, startGatewayWorker } from '../../../server/src/gateway/worker';
import { Lead } from '../../../server/src/domain/leads/model';
import { addMailbox, mail } from './support';

let env: TestEnv;
let dovecot: RunningDovecot;
let worker: GatewayWorker | null = null;

beforeAll(async () => {
  [env, dovecot] = await Promise.all([createTestEnv({ AKTE_MAIL_GATEWAY: 'off' }), startDovecot({ users: ['sales'] })]);
});
afterAll(async () => {
  await worker?.stop();
  await stopDovecot(dovecot);
  await env.close();
});

/** Polls the database until `probe` holds (the worker runs in the background); fails after `ms`. */
async function eventually(what: string, probe: () => Promise<boolean>, ms: number): Promise<number> {
  const start = Date.now();
  while (!(await probe())) {
    if (Date.now() - start > ms) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(50);
  }
  return Date.now() - start;
}

it('the worker in the server process takes new mail as soon as IDLE announces it, long before the next periodic check', async () => {
  const mailboxId = await addMailbox(env, dovecot, 'admin', 'sales', {
    kind: 'team',
    teamId: env.teamId,
    address: 'sales@example.test',
  });
  // Polling alone would come back only after a minute (and the next due check is 5 minutes away).
  worker = startGatewayWorker(env.services, { idleMs: 60_000 });
  await eventually('first check', async () => (await GatewayMailbox.findByPk(mailboxId))!.lastCheckAt !== null, 10_000);

  await appendMessages(dovecot, 'sales', 'INBOX', [
    mail({ from: 'idle@kunde.example', to: 'sales@example.test', subject: 'Per IDLE gemeldet' }),
  ]);

  const took = await eventually(
    'taken after IDLE',
    async () => (await Lead.count({ where: { name: 'Per IDLE gemeldet' } })) === 1,
    10_000,
  );
  expect(took).toBeLessThan(10_000);
  // The status is written when the check ends, just after the lead's commit.
  await eventually('status', async () => (await GatewayMailbox.findByPk(mailboxId))!.takenTotal === 1, 5_000);
  expect(await GatewayMailbox.findByPk(mailboxId)).toMatchObject({ status: 'ok', lastError: null });
});
