import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MemoryRemote } from '../../../sync-engine/support/memory-remote';

/** Serves a MemoryRemote to rpc-provider.ts clients; `before` runs before each answer (a test pauses a worker there). */
export interface RpcRemote {
  url: string;
  before: ((method: string, workerPid: number) => void | Promise<void>) | null;
  close(): Promise<void>;
}

export async function startRpcRemote(remote: MemoryRemote): Promise<RpcRemote> {
  const served: RpcRemote = { url: '', before: null, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        try {
          const { method, args } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            method: string;
            args: unknown[];
          };
          await served.before?.(method, Number(req.headers['x-worker']));
          const target = remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
          const result =
            method === 'listCollections'
              ? [{ href: '/book/', kind: 'contacts', displayName: 'Book', isDefault: true }]
              : await target[method](...args);
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify(result));
        } catch (err) {
          res.statusCode = 500;
          res.end((err as Error).message);
        }
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  served.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  served.close = () => new Promise((resolve) => server.close(() => resolve()));
  return served;
}
