import { createLogger } from '../../../server/src/logger';
import { startWorkerLoop, type WorkerLoop, type WorkerLoopOptions } from '../../../server/src/workers/worker-loop';

/** The idle wait is far longer than jest's timeout: a test that waited for it fails instead of passing slowly. */
const LONG = 60_000;

/** Resolves the n-th time `passed` is called (1-based). */
function passes() {
  const waiting = new Map<number, () => void>();
  let count = 0;
  return {
    get count() {
      return count;
    },
    passed() {
      count++;
      waiting.get(count)?.();
    },
    reached(n: number) {
      return n <= count ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(n, resolve));
    },
  };
}

const logger = createLogger('silent');
let loop: WorkerLoop | undefined;
afterEach(async () => {
  await loop?.stop();
  loop = undefined;
});

const start = (pass: WorkerLoopOptions['pass'], options: Partial<WorkerLoopOptions> = {}) =>
  (loop = startWorkerLoop({ idleMs: LONG, logger, failedMessage: 'failed', pass, ...options }));

describe('the worker loop', () => {
  it('passes again at once while a pass did something, then waits; stop ends the wait', async () => {
    const p = passes();
    start(async () => {
      p.passed();
      return p.count < 3;
    });
    await p.reached(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(p.count).toBe(3);
    await loop!.stop();
    expect(p.count).toBe(3);
  });

  it('passes again at once when woken during a pass (new work announced meanwhile) or during the wait', async () => {
    const p = passes();
    start(async () => {
      p.passed();
      // In the middle of the pass (its first part runs before startWorkerLoop has returned).
      await new Promise((resolve) => setImmediate(resolve));
      if (p.count === 1) loop!.wake();
      return false;
    });
    await p.reached(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(p.count).toBe(2);
    loop!.wake();
    await p.reached(3);
  });

  it('logs a pass that failed as a whole and goes on; stopping() is seen inside the pass', async () => {
    const p = passes();
    const errors: string[] = [];
    const seen: boolean[] = [];
    start(
      async (stopping) => {
        p.passed();
        seen.push(stopping());
        if (p.count === 1) throw new Error('database away');
        return false;
      },
      {
        logger: { ...logger, error: (_o: unknown, message: string) => errors.push(message) } as never,
        failedMessage: 'the pass failed',
      },
    );
    await p.reached(1);
    loop!.wake();
    await p.reached(2);
    expect(errors).toEqual(['the pass failed']);
    expect(seen).toEqual([false, false]);
  });
});
