import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

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
  /** Bulk-loads `size` cards owned by the user into the server's database (big-book figure). */
  seed(size: number): Promise<void>;
  stop(): Promise<void>;
}

type Reply =
  | { ready: { baseUrl: string; user: string; password: string; userId: number } }
  | { seeded: number }
  | { error: string };

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

export async function startAkte(label: string, mariadbBaseUrl?: string): Promise<AkteServer> {
  const child = fork(path.join(__dirname, 'akte-process.ts'), mariadbBaseUrl ? [mariadbBaseUrl] : [], {
    // The young generation `npm start` gives the server (package.json "start"; README, Production).
    execArgv: ['--import', 'tsx', '--max-semi-space-size=32'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const reply = await nextReply(child);
  if (!('ready' in reply)) throw new Error('Akte server did not start');
  return {
    label,
    ...reply.ready,
    seed: async (size) => {
      const answer = nextReply(child);
      child.send({ seed: size });
      await answer;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        // A server that already died (its error went to stderr) has nothing left to stop.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ stop: true });
      }),
  };
}
