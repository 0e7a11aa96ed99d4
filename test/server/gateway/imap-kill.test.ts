import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Op } from 'sequelize';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { appendMessages, RunningDovecot, startDovecot, stopDovecot } from '../../support/dovecot';
import { GatewayFolder, GatewayMailbox } from '../../../server/src/gateway/model';
import { Lead } from '../../../server/src/domain/leads/model';
import { Message, MessageLink } from '../../../server/src/domain/messages/model';
import { DocumentRecord } from '../../../server/src/domain/documents/model';
import { addMailbox, mail } from './support';

/**
 * Crash safety proven by a real kill (issue #14: "killing the worker at any point and restarting loses no message
 * and stores none twice"): the operator's `mail-check` runs as its own Node process on the test's database and a real
 * Dovecot, is SIGKILLed — no finally, no rollback of ours, whatever SQLite/MariaDB and the IMAP socket see is what a
 * power cut would leave — while it stores, and is started again until a pass finishes. The hook-injected crashes of
 * imap-gateway.test.ts pin the two named windows (between fetch and commit, between commit and cursor); this one
 * kills wherever the process happens to be.
 */
const ROOT = path.resolve(__dirname, '../../..');
const COUNT = 60;

let env: TestEnv;
let dovecot: RunningDovecot;

beforeAll(async () => {
  [env, dovecot] = await Promise.all([createTestEnv({ AKTE_MAIL_GATEWAY: 'off' }), startDovecot({ users: ['kill'] })]);
});
afterAll(async () => {
  await stopDovecot(dovecot);
  await env.close();
});

const subjectOf = (i: number) => `Kill-Anfrage ${String(i).padStart(2, '0')}`;
const stored = () => Message.count({ where: { subject: { [Op.like]: 'Kill-Anfrage %' } } });

/** `npm run akte -- mail-check --mailbox ID` without npm's shell between: SIGKILL reaches the process that works. */
function startCheck(mailboxId: number): { child: ChildProcess; exit: Promise<number | string> } {
  const { databaseUrl, dataDir } = env.services.config;
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/src/cli.ts', 'mail-check', '--mailbox', String(mailboxId)],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, AKTE_DATA_DIR: dataDir, AKTE_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exit = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code!)),
  );
  return { child, exit };
}

const fenceOf = async (mailboxId: number) => (await GatewayMailbox.findByPk(mailboxId))!.fenceToken;

/**
 * Runs a check and SIGKILLs it `delayMs` after it claimed the mailbox's lease (`claimed`: the fencing token moved),
 * or as soon as it committed messages (`stored`: more in the database than at its start). Polled every 10 ms.
 * Returns how many messages were stored when it died, or null when it finished first.
 */
async function checkKilled(mailboxId: number, when: 'claimed' | 'stored', delayMs = 0): Promise<number | null> {
  const [fence, before] = [await fenceOf(mailboxId), await stored()];
  const { child, exit } = startCheck(mailboxId);
  let done = false;
  void exit.then(() => (done = true));
  while (!done) {
    const due = when === 'claimed' ? (await fenceOf(mailboxId)) > fence : (await stored()) > before;
    if (due) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (done) break;
      child.kill('SIGKILL');
      await exit;
      return stored();
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return null;
}

it(`stores each of ${COUNT} messages exactly once, with its lead, link and document, across SIGKILLs of mail-check`, async () => {
  const mailboxId = await addMailbox(env, dovecot, 'admin', 'kill', {
    kind: 'team',
    teamId: env.teamId,
    address: 'kill@example.test',
  });
  await appendMessages(
    dovecot,
    'kill',
    'INBOX',
    Array.from({ length: COUNT }, (_, n) =>
      mail({
        from: `Kunde ${n + 1} <kunde${n + 1}@kill.example>`,
        to: 'kill@example.test',
        subject: subjectOf(n + 1),
        id: `<kill-${n + 1}@kill.example>`,
        // Every fifth with an attachment: a document written before the kill must not be there twice either.
        ...((n + 1) % 5 === 0 ? { attachment: { name: `plan-${n + 1}.pdf`, content: `%PDF-1.4 ${n + 1}` } } : {}),
      }),
    ),
  );

  // Killed while it logs in and fetches, right after a group's commit (before the cursor follows), somewhere in
  // parsing and storing, and after the next commit.
  const kills: Array<number | null> = [];
  const points: Array<['claimed' | 'stored', number]> = [
    ['claimed', 0],
    ['stored', 0],
    ['claimed', 300],
    ['stored', 0],
  ];
  for (const [when, delayMs] of points) {
    kills.push(await checkKilled(mailboxId, when, delayMs));
    // A killed worker's lease runs out after 5 minutes: the test lets that time pass on the row instead of waiting.
    await GatewayMailbox.update(
      { leaseExpiresAt: new Date(Date.now() - 1000) },
      { where: { id: mailboxId, leaseOwner: { [Op.ne]: null } } },
    );
  }
  // The first two kills always hit a live process (the later ones may find the work done on a fast machine), and one
  // of them hit it in the middle of its messages: some stored, not all.
  expect(kills.filter((k) => k !== null).length).toBeGreaterThanOrEqual(2);
  expect(kills.some((k) => k !== null && k > 0 && k < COUNT)).toBe(true);

  const last = startCheck(mailboxId);
  expect(await last.exit).toBe(0);

  expect(await stored()).toBe(COUNT);
  const messages = await Message.findAll({ where: { subject: { [Op.like]: 'Kill-Anfrage %' } } });
  const leads = await Lead.findAll({ where: { name: { [Op.like]: 'Kill-Anfrage %' } } });
  expect(leads.map((l) => l.name).sort()).toEqual(Array.from({ length: COUNT }, (_, n) => subjectOf(n + 1)));
  const leadIdOf = new Map(leads.map((l) => [l.name, l.id]));
  const links = await MessageLink.findAll({ where: { messageId: { [Op.in]: messages.map((m) => m.id) } } });
  const documents = await DocumentRecord.findAll({ where: { name: { [Op.like]: 'plan-%.pdf' } } });
  for (const message of messages) {
    const own = links.filter((l) => l.messageId === message.id);
    expect(own.map((l) => `${l.recordType}:${l.recordId}`)).toEqual([`lead:${leadIdOf.get(message.subject!)}`]);
  }
  const n = (name: string) => Number(/(\d+)/.exec(name)![1]);
  expect(documents.map((d) => n(d.name)).sort((a, b) => a - b)).toEqual(
    Array.from({ length: COUNT / 5 }, (_, i) => (i + 1) * 5),
  );
  expect((await GatewayFolder.findOne({ where: { mailboxId, path: 'INBOX' } }))!.lastUid).toBe(COUNT);
}, 120_000);
