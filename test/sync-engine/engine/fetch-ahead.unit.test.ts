import { fetchAhead } from '../../../sync-engine/src/engine/fetch-ahead';
import type { RemoteItem } from '../../../sync-engine/src/providers/provider';

const item = (href: string): RemoteItem => ({ href, etag: `"${href}"`, body: href });

/** A remote whose fetches answer only when the test says so, logging each request and each answer taken. */
function slowRemote() {
  const log: string[] = [];
  const pending: Array<{ hrefs: string[]; answer: () => void; fail: (err: Error) => void }> = [];
  const fetch = (hrefs: string[]) =>
    new Promise<RemoteItem[]>((resolve, reject) => {
      log.push(`fetch ${hrefs.join(',')}`);
      pending.push({ hrefs, answer: () => resolve(hrefs.map(item)), fail: reject });
    });
  return { log, pending, fetch };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('fetchAhead', () => {
  it('asks for the next chunk before the caller applies the one in hand, in listing order', async () => {
    const remote = slowRemote();
    const chunks = fetchAhead(remote.fetch, ['a', 'b', 'c', 'd', 'e'], 2);
    const first = chunks.next();
    await tick();
    expect(remote.log).toEqual(['fetch a,b']);
    remote.pending[0].answer();
    expect((await first).value.map((i: RemoteItem) => i.href)).toEqual(['a', 'b']);
    // While the caller works on a,b the request for c,d is out already.
    expect(remote.log).toEqual(['fetch a,b', 'fetch c,d']);
    remote.log.push('apply a,b');
    const second = chunks.next();
    remote.pending[1].answer();
    expect((await second).value.map((i: RemoteItem) => i.href)).toEqual(['c', 'd']);
    remote.log.push('apply c,d');
    const third = chunks.next();
    remote.pending[2].answer();
    expect((await third).value.map((i: RemoteItem) => i.href)).toEqual(['e']);
    expect((await chunks.next()).done).toBe(true);
    expect(remote.log).toEqual(['fetch a,b', 'fetch c,d', 'apply a,b', 'fetch e', 'apply c,d']);
  });

  it('asks nothing for no hrefs, and throws a failed fetch where its chunk is asked for', async () => {
    const remote = slowRemote();
    expect((await fetchAhead(remote.fetch, []).next()).done).toBe(true);
    expect(remote.log).toEqual([]);
    const chunks = fetchAhead(remote.fetch, ['a', 'b', 'c'], 1);
    const first = chunks.next();
    await tick();
    remote.pending[0].answer();
    await first;
    remote.pending[1].fail(new Error('503 from the remote'));
    await expect(chunks.next()).rejects.toThrow('503 from the remote');
  });

  it('leaves no unhandled rejection when the caller stops while a fetch ahead fails', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const remote = slowRemote();
      const chunks = fetchAhead(remote.fetch, ['a', 'b'], 1);
      const first = chunks.next();
      await tick();
      remote.pending[0].answer();
      await first;
      // The caller fails applying 'a' and stops; the fetch of 'b', already sent, fails afterwards.
      await chunks.return(undefined);
      remote.pending[1].fail(new Error('connection reset'));
      await tick();
      await tick();
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
