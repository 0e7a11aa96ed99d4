import type { RoundReport } from '../../../sync-engine/src/engine/round-context';

/**
 * Crash injection (test code): wraps the storage port and the provider so that the process "dies" at a chosen
 * call — before it runs (the write never happened) or after it ran (it happened, the answer was lost). After the
 * crash every call throws, as nothing of a dead process reaches either side.
 */
export class SimulatedCrash extends Error {
  constructor(at: string) {
    super(`simulated crash at ${at}`);
    this.name = 'SimulatedCrash';
  }
}

export interface CrashPoint {
  /** `port.saveLink`, `remote.create`, … ; without it every call counts. */
  method?: string;
  /** The n-th matching call (1-based). */
  nth: number;
  when: 'before' | 'after';
}

export class CrashInjector {
  private count = 0;
  dead = false;
  crashedAt: string | null = null;

  constructor(private readonly point: CrashPoint | null) {}

  wrap<T extends object>(target: T, label: string): T {
    return new Proxy(target, {
      get: (obj, prop, receiver) => {
        const value = Reflect.get(obj, prop, receiver) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string') return value;
        const name = `${label}.${prop}`;
        return async (...args: unknown[]) => {
          if (this.dead) throw new SimulatedCrash(`${name} (already dead)`);
          const hit =
            this.point && (!this.point.method || this.point.method === name) && ++this.count === this.point.nth;
          if (hit && this.point!.when === 'before') this.die(name);
          const result = await (value as (...a: unknown[]) => unknown).apply(obj, args);
          if (hit) this.die(name);
          return result;
        };
      },
    });
  }

  private die(name: string): never {
    this.dead = true;
    this.crashedAt = name;
    throw new SimulatedCrash(name);
  }
}

/**
 * One round of the runner with the port and the provider behind a crash injector: its report, or null when the
 * round died at the crash point (the lease is left to expire, as a dead worker's).
 */
export async function roundWithCrash(
  crash: CrashPoint | null,
  run: (wrap: <T extends object>(target: T, side: 'port' | 'remote') => T) => Promise<RoundReport | null>,
): Promise<RoundReport | null> {
  const injector = new CrashInjector(crash);
  try {
    return await run((target, side) => injector.wrap(target, side));
  } catch (err) {
    if (err instanceof SimulatedCrash) return null;
    throw err;
  }
}
