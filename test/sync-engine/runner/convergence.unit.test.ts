import fc from 'fast-check';
import type { RecordKind } from '../../../sync-engine/src/codecs/fields';
import { SyncWorld } from '../support/sync-world';
import { MODELS, opArbitrary, play, type Op } from '../support/convergence-play';

/**
 * Issue #11 item 16 in memory (the model: support/convergence-play.ts): on remotes with and without sync-tokens,
 * small pages, rewritten bodies and missing ETags, 1,000 seeded runs.
 */
const op = opArbitrary(60);

const remoteOptions = fc.record({
  delta: fc.boolean(),
  pageSize: fc.integer({ min: 1, max: 6 }),
  omitEtag: fc.boolean(),
  rewrite: fc.boolean(),
});

type RemoteOptions = { delta: boolean; pageSize: number; omitEtag: boolean; rewrite: boolean };

function worldFor(kind: 'contact' | 'event', options: RemoteOptions): SyncWorld {
  return new SyncWorld({
    kind: kind as RecordKind,
    remote: {
      delta: options.delta,
      pageSize: options.pageSize,
      omitEtag: options.omitEtag,
      rewrite: options.rewrite ? MODELS[kind].rewrite : undefined,
    },
  });
}

const playOn = (kind: 'contact' | 'event', ops: Op[], options: RemoteOptions) =>
  play(worldFor(kind, options), kind, ops);

describe('runner: convergence under random interleavings and crashes', () => {
  const runs = Number(process.env.SYNC_PROPERTY_RUNS ?? 1000);
  const seed = Number(process.env.SYNC_PROPERTY_SEED ?? 20261206);
  it.each([
    ['contact', runs],
    ['event', Math.ceil(runs / 4)],
  ] as const)(
    '%s: both sides converge to the same records, no duplicate, no lost edit (seeded, %i runs)',
    async (kind, numRuns) => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 30 }), remoteOptions, async (ops, remote) => {
          const problems = await playOn(kind, ops, remote);
          if (problems.length) throw new Error(problems.join('\n'));
        }),
        { seed, numRuns },
      );
    },
    120_000,
  );
});
