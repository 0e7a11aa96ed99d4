import { registerProvider, type AccountProvider } from '../../../../server/src/sync/providers';

/**
 * Test provider 'rpc': the provider contract over HTTP to a MemoryRemote in the test process (rpc-remote.ts), so
 * worker *processes* share one remote the test controls. Each request names the calling process.
 */
async function call(url: string, method: string, args: unknown[]): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-worker': String(process.pid) },
    body: JSON.stringify({ method, args }),
  });
  if (!response.ok) throw new Error(`rpc ${method}: ${response.status} ${await response.text()}`);
  return response.json();
}

registerProvider('rpc', async ({ serverUrl }) => {
  const rpc =
    (method: string) =>
    (...args: unknown[]) =>
      call(serverUrl, method, args) as Promise<never>;
  return {
    name: 'rpc',
    listCollections: rpc('listCollections'),
    listChanges: rpc('listChanges'),
    fetch: rpc('fetch'),
    create: rpc('create'),
    update: rpc('update'),
    delete: rpc('delete'),
  } satisfies AccountProvider;
});
