import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createTestEnv, type TestEnv } from '../../support/test-env';
import { MemoryRemote } from '../../sync-engine/support/memory-remote';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { Partner } from '../../../server/src/domain/partners/model';
import { serverKeyOf } from '../../../server/src/secrets/server-key';
import { chooseCollections, connectAccount } from '../../../server/src/sync/accounts';
import { SyncCollection } from '../../../server/src/sync/model';
import { card } from './support/memory-accounts';
import { startRpcRemote, type RpcRemote } from './support/rpc-remote';
import './support/rpc-provider';

/**
 * Issue #11 item 11: two `npm run worker` processes on one database; worker A is paused (SIGSTOP) in the middle of
 * a round, past its lease; worker B claims the collection and completes the round; A, continued, finds its next
 * write refused by the fencing token and writes nothing.
 */
let env: TestEnv;
let rpc: RpcRemote;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  await rpc?.close();
  await env.close();
});

function startWorker(): { child: ChildProcess; output: () => string } {
  let output = '';
  // node --import tsx (not the tsx command, which runs the script in a child process of its own): the pid is the
  // worker's, for SIGSTOP and for the remote to recognise its requests.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'support/rpc-worker.ts')], {
    env: {
      ...process.env,
      DATABASE_URL: env.services.config.databaseUrl,
      AKTE_DATA_DIR: env.services.config.dataDir,
      AKTE_SYNC_LEASE_S: '2',
      AKTE_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  workers.push(child);
  return { child, output: () => output };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

it('rejects the writes of a worker paused past its lease while another took over', async () => {
  const remote = new MemoryRemote();
  for (let i = 0; i < 5; i++) remote.put(`/book/${i}.vcf`, card(`w-${i}`, { name: `Worker-Kontakt ${i}` }));
  rpc = await startRpcRemote(remote);
  const actor = await actorForUser((await User.findByPk(env.users.own.id))!);
  const account = await connectAccount(serverKeyOf(env.services.config), actor, {
    provider: 'rpc',
    serverUrl: rpc.url,
    username: 'u',
    password: 'secret-password',
  });
  const [collection] = await chooseCollections(actor, account, [
    { href: '/book/', kind: 'contacts', direction: 'two-way' },
  ]);

  const a = startWorker();
  let paused = false;
  // A asks for the items it is about to write into the CRM: pause it right there, with its claim held.
  rpc.before = (method, pid) => {
    if (method !== 'fetch' || pid !== a.child.pid || paused) return;
    process.kill(pid, 'SIGSTOP');
    paused = true;
  };
  await until('worker A to be paused mid-round', () => paused).catch((err: Error) => {
    throw new Error(`${err.message}; worker A said: ${a.output()}`);
  });
  const claimedByA = (await SyncCollection.findByPk(collection.id))!;
  expect(claimedByA.leaseOwner).toContain(`:${a.child.pid}:`);

  const b = startWorker();
  await until('worker B to finish the round', async () => {
    const row = (await SyncCollection.findByPk(collection.id))!;
    return row.lastRunAt !== null && row.leaseOwner === null;
  });
  const afterB = (await SyncCollection.findByPk(collection.id))!;
  expect(afterB.fenceToken).toBe(claimedByA.fenceToken + 1);
  expect(afterB.status).toBe('ok');
  const writtenByB = await Partner.count({ where: { name: [0, 1, 2, 3, 4].map((i) => `Worker-Kontakt ${i}`) } });
  expect(writtenByB).toBe(5);

  a.child.kill('SIGCONT');
  await until('worker A to give up', () => a.output().includes('lease taken over'));
  expect(await Partner.count({ where: { name: [0, 1, 2, 3, 4].map((i) => `Worker-Kontakt ${i}`) } })).toBe(5);
  const final = (await SyncCollection.findByPk(collection.id))!;
  expect(final).toMatchObject({ fenceToken: afterB.fenceToken, status: 'ok', leaseOwner: null });
  expect(b.output()).toContain('sync round finished');
  for (const worker of [a.child, b.child]) worker.kill('SIGTERM');
  await Promise.all(
    [a.child, b.child].map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.on('exit', r)))),
  );
}, 60_000);
