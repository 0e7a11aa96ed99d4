/**
 * Where a round's wall time goes, when the remote's requests and the CRM's writes may overlap (the engine fetches
 * the next chunk of a page while the port writes the current one, sync-engine/src/engine/fetch-ahead.ts): each
 * timed call is kept as an interval under its side ('remote': the DAV provider, Radicale's time included; 'port':
 * the storage port, CRM reads and writes through the domain and SQLite) and method. Busy time per side is the union
 * of its intervals; the engine's own time is the wall time no side was busy.
 */
export interface PhaseClock {
  /** Wraps every own or prototype method of `target` except the named helpers (they run inside the others). */
  time(target: Record<string, unknown>, side: 'remote' | 'port', skip?: string[]): void;
  clear(): void;
  split(wallMs: number): PhaseSplit;
}

export interface PhaseSplit {
  remote: number;
  port: number;
  /** Remote and port busy at once. */
  overlap: number;
  engine: number;
  /** Busy time per `side.method` (the union of its calls). */
  methods: Map<string, number>;
}

type Interval = [number, number];

/** The total length of the union of intervals. Pure. */
export function unionMs(intervals: readonly Interval[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [start, end] = sorted[0] ?? [0, 0];
  for (const [s, e] of sorted.slice(1)) {
    if (s > end) {
      total += end - start;
      [start, end] = [s, e];
    } else end = Math.max(end, e);
  }
  return total + (end - start);
}

export function phaseClock(): PhaseClock {
  const calls = new Map<string, Interval[]>();
  return {
    time(target, side, skip = []) {
      const proto = Object.getPrototypeOf(target) as Record<string, unknown>;
      for (const name of new Set([...Object.keys(target), ...Object.getOwnPropertyNames(proto)])) {
        const original = target[name];
        if (name === 'constructor' || skip.includes(name) || typeof original !== 'function') continue;
        const key = `${side}.${name}`;
        target[name] = async (...args: unknown[]) => {
          const started = performance.now();
          try {
            return await (original as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            calls.set(key, [...(calls.get(key) ?? []), [started, performance.now()]]);
          }
        };
      }
    },
    clear: () => calls.clear(),
    split(wallMs) {
      const of = (side: string) => [...calls].filter(([k]) => k.startsWith(`${side}.`)).flatMap(([, v]) => v);
      const remote = unionMs(of('remote'));
      const port = unionMs(of('port'));
      const either = unionMs([...of('remote'), ...of('port')]);
      return {
        remote,
        port,
        overlap: remote + port - either,
        engine: wallMs - either,
        methods: new Map([...calls].map(([k, v]) => [k, unionMs(v)])),
      };
    },
  };
}
