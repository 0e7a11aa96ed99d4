import fc from 'fast-check';
import type { FetchLike } from '../../../../sync-engine/src/providers/dav';
import { startRadicale, stopRadicale, type RunningRadicale } from '../../../support/radicale';
import { opArbitrary, play } from '../../support/convergence-play';
import { DavWorld } from './support/dav-world';
import { hideSyncTokens, rewritingFetch } from './support/proxies';
import { RadicaleClient } from './support/radicale-collections';

/**
 * Issue #11 item 16 against a real Radicale: random interleavings of creates, edits and deletes on both sides and
 * sync rounds that die at random calls, with and without sync-tokens, small pages, a server rewriting what it
 * stores and answering PUTs without ETags. The model and the checks are the in-memory property test's
 * (support/convergence-play.ts; runner/convergence.unit.test.ts makes 1,000 runs); every run here costs real HTTP
 * round trips, so it makes SYNC_DAV_PROPERTY_RUNS runs (default 30 contact + 10 event interleavings), seeded alike.
 * After a crash the next round runs with a fresh provider, as a restarted worker would.
 */
const op = opArbitrary(40);

type RemoteOptions = { tokens: boolean; pageSize: number; omitEtag: boolean; rewrite: boolean };
const remoteOptions: fc.Arbitrary<RemoteOptions> = fc.record({
  tokens: fc.boolean(),
  pageSize: fc.integer({ min: 1, max: 6 }),
  omitEtag: fc.boolean(),
  rewrite: fc.boolean(),
});

let radicale: RunningRadicale;
let client: RadicaleClient;
beforeAll(async () => {
  radicale = await startRadicale();
  client = new RadicaleClient(radicale);
});
afterAll(async () => {
  await stopRadicale(radicale);
});

function proxyFor(options: RemoteOptions): FetchLike | undefined {
  let proxy: FetchLike = fetch;
  if (!options.tokens) proxy = hideSyncTokens(proxy);
  if (options.rewrite || options.omitEtag) proxy = rewritingFetch(options.omitEtag, proxy);
  return proxy === fetch ? undefined : proxy;
}

describe('runner + DAV provider + Radicale: convergence under random interleavings and crashes', () => {
  const runs = Number(process.env.SYNC_DAV_PROPERTY_RUNS ?? 30);
  const seed = Number(process.env.SYNC_PROPERTY_SEED ?? 20261206);
  it.each([
    ['contact', runs],
    ['event', Math.ceil(runs / 3)],
  ] as const)(
    '%s: both sides converge, no duplicate, no lost edit (seeded, %i runs)',
    async (kind, numRuns) => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 20 }), remoteOptions, async (ops, remote) => {
          const problems = await play(
            await DavWorld.create(client, { kind, pageSize: remote.pageSize, fetch: proxyFor(remote) }),
            kind,
            ops,
          );
          if (problems.length) throw new Error(problems.join('\n'));
        }),
        { seed, numRuns },
      );
    },
    300_000,
  );
});
