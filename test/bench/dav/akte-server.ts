import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { SecondServer, startSecondServer } from '../../support/second-server';

/**
 * Starts and stops the benchmark's Akte server (akte-process.ts) as a child process, run through tsx like
 * `npm start` and with its V8 flags. One at a time is enough for the benchmark; each gets its own database.
 */
export interface AkteServer {
  label: string;
  baseUrl: string;
  user: string;
  password: string;
  userId: number;
  /**
   * Another, freshly started server process over the same database, for the "first request on a fresh server"
   * figures (this one keeps running, idle). The caller stops it.
   */
  freshProcess(extraNodeFlags?: string[]): Promise<SecondServer>;
  /** Bulk-loads `size` cards owned by the user into the server's database (big-book figure). */
  seed(size: number): Promise<void>;
  /** Creates more users, each with `tokens` API tokens of its own (bench:load gives every client one). */
  addUsers(specs: BenchUserSpec[]): Promise<BenchUser[]>;
  stop(): Promise<void>;
}

export interface BenchUserSpec {
  email: string;
  name: string;
  role: 'own' | 'all';
  tokens: number;
}

export interface BenchUser {
  email: string;
  userId: number;
  tokens: string[];
}

type Reply =
  | { ready: { baseUrl: string; user: string; password: string; userId: number; databaseUrl: string; dataDir: string } }
  | { seeded: number }
  | { users: BenchUser[] }
  | { error: string };

/** How long a server may take to close, drop its database and remove its data directory. */
const STOP_MS = 30_000;

function nextReply(child: ChildProcess): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`Akte server exited (code ${code})`));
    child.once('exit', onExit);
    child.once('message', (reply: Reply) => {
      child.off('exit', onExit);
      if ('error' in reply) reject(new Error(reply.error));
      else resolve(reply);
    });
  });
}

/**
 * The young generation `npm start` gives the server (package.json "start"; README, Production), plus any flags in
 * AKTE_BENCH_NODE_FLAGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile the server under the benchmark).
 */
const NODE_FLAGS = [
  '--max-semi-space-size=32',
  ...(process.env.AKTE_BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
];

export async function startAkte(label: string, mariadbBaseUrl?: string): Promise<AkteServer> {
  const child = fork(path.join(__dirname, 'akte-process.ts'), mariadbBaseUrl ? [mariadbBaseUrl] : [], {
    execArgv: ['--import', 'tsx', ...NODE_FLAGS],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = await nextReply(child);
  if (!('ready' in reply)) throw new Error('Akte server did not start');
  const { databaseUrl, dataDir, ...ready } = reply.ready;
  return {
    label,
    ...ready,
    freshProcess: (extra = []) => startSecondServer(databaseUrl, dataDir, [...NODE_FLAGS, ...extra]),
    seed: async (size) => {
      const answer = nextReply(child);
      child.send({ seed: size });
      await answer;
    },
    addUsers: async (specs) => {
      const answer = nextReply(child);
      child.send({ users: specs });
      const reply = await answer;
      if (!('users' in reply)) throw new Error('Akte server did not create the users');
      return reply.users;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        // A server that already died (its error went to stderr) has nothing left to stop.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // A server stuck in its own requests (bench:load against a collapsing database) must not hang the benchmark.
        const stuck = setTimeout(() => {
          process.stderr.write(`${label}: the Akte server did not stop within ${STOP_MS / 1000} s; killed\n`);
          child.kill('SIGKILL');
        }, STOP_MS);
        child.once('exit', () => {
          clearTimeout(stuck);
          resolve();
        });
        child.send({ stop: true });
      }),
  };
}
