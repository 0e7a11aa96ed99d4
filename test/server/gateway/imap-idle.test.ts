import fs from 'node:fs';
import path from 'node:path';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { appendMessages, RunningDovecot, startDovecot, stopDovecot } from '../../support/dovecot';
import { sleep } from '../../services/net';
import { GatewayFolder, GatewayMailbox } from '../../../server/src/gateway/model';
import { checkMailbox } from '../../../server/src/gateway/check-mailbox';
import { startIdleWatch } from '../../../server/src/gateway/idle-watch';
import { ImapSession } from '../../../server/src/gateway/imap-session';
import { Message } from '../../../server/src/domain/messages/model';
import { makePartner } from '../filing/records';
import { GatewayWorker, startGatewayWorker } from '../../../server/src/gateway/worker';
import { Lead } from '../../../server/src/domain/leads/model';
import { addMailbox, mail } from './support';

let env: TestEnv;
let dovecot: RunningDovecot;
let worker: GatewayWorker | null = null;

beforeAll(async () => {
  [env, dovecot] = await Promise.all([
    createTestEnv({ AKTE_MAIL_GATEWAY: 'off' }),
    startDovecot({ users: ['sales', 'kept'] }),
  ]);
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

/** Logins Dovecot accepted for `user` so far (its log: "imap-login: Info: Login: user=<…>"): connections opened. */
function loginsOf(user: string): number {
  const log = fs.readFileSync(path.join(dovecot.root, 'dovecot.log'), 'utf8');
  return log.split('\n').filter((line) => line.includes(`Login: user=<${user}>`)).length;
}

it('checks new mail over the listening connection: no second login, no EXAMINE, the cursor moved', async () => {
  await makePartner({ name: 'Ständig GmbH', email: 'kunde@staendig.example', salespersonId: env.users.all.id });
  const one = (n: number) =>
    mail({ from: 'kunde@staendig.example', to: 'all@example.test', id: `<kept-${n}@staendig.example>` });
  const mailboxId = await addMailbox(env, dovecot, 'all', 'kept', { privacy: 'full', address: 'all@example.test' });
  await appendMessages(dovecot, 'kept', 'INBOX', [one(1), one(2)]);
  const announced: number[] = [];
  const watch = startIdleWatch(env.services, (id) => announced.push(id));
  const open = jest.spyOn(ImapSession, 'open');
  const examine = jest.spyOn(ImapSession.prototype, 'examine');
  try {
    await watch.refresh();
    expect(await watch.listening(mailboxId)).toBe(true);
    expect(open).toHaveBeenCalledTimes(1);
    // The first check opens the (empty) Sent folder once and selects INBOX again; from then on STATUS tells Sent.
    expect(await checkMailbox(env.services, mailboxId, { connections: watch })).toMatchObject({ taken: 2, errors: [] });
    const [listenerOpened, listenerExamined] = [open.mock.calls.length, examine.mock.calls.length];
    expect(listenerOpened).toBe(1);

    await appendMessages(dovecot, 'kept', 'INBOX', [one(3)]);
    const logins = loginsOf('kept');
    expect(await checkMailbox(env.services, mailboxId, { connections: watch })).toMatchObject({ taken: 1, errors: [] });
    // Nothing new: NOOP and UID SEARCH on the open INBOX (and STATUS of Sent), still no second connection.
    expect(await checkMailbox(env.services, mailboxId, { connections: watch })).toMatchObject({ taken: 0, skipped: 0 });

    expect(loginsOf('kept')).toBe(logins);
    expect(open).toHaveBeenCalledTimes(listenerOpened);
    expect(examine).toHaveBeenCalledTimes(listenerExamined);
    expect(await Message.count({ where: { messageId: '<kept-3@staendig.example>' } })).toBe(1);
    expect(await GatewayFolder.findOne({ where: { mailboxId, path: 'INBOX' } })).toMatchObject({
      lastUid: 3,
      uidNext: 4,
    });
    // A check without the listener (the CLI) goes by STATUS on its own connection and finds nothing new either.
    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 0, skipped: 0, errors: [] });
    expect(examine).toHaveBeenCalledTimes(listenerExamined);
  } finally {
    open.mockRestore();
    examine.mockRestore();
    await watch.stop();
    await GatewayMailbox.update({ enabled: false }, { where: { id: mailboxId } });
  }
});

it('the worker in the server process takes new mail as soon as IDLE announces it, long before the next periodic check', async () => {
  const mailboxId = await addMailbox(env, dovecot, 'admin', 'sales', {
    kind: 'team',
    teamId: env.teamId,
    address: 'sales@example.test',
  });
  // Polling alone would come back only after a minute (and the next due check is 5 minutes away).
  worker = startGatewayWorker(env.services, { idleMs: 60_000 });
  await eventually('first check', async () => (await GatewayMailbox.findByPk(mailboxId))!.lastCheckAt !== null, 10_000);

  const logins = loginsOf('sales');
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
  // One connection per account: the check ran on the listener's; the one new login is the test's APPEND.
  expect(loginsOf('sales')).toBe(logins + 1);
});
