import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { TestEnv, TestUserKey } from '../../support/test-env';
import { basicAuth } from './dav-client';

/**
 * Raw HTTP for the WebDAV file tree tests: the path goes on the request line exactly as given (no client-side
 * normalisation of `..` or percent-escapes), and bodies are bytes.
 */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  text: string;
}

export async function listen(env: TestEnv): Promise<{ server: Server; port: number }> {
  const server = env.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export function rawRequest(
  port: number,
  env: TestEnv,
  user: TestUserKey | null,
  method: string,
  path: string,
  body?: Buffer | string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const all: Record<string, string> = { ...headers };
    if (user) all.Authorization = basicAuth(env, user);
    if (body !== undefined) all['Content-Length'] = String(Buffer.byteLength(body));
    const req = http.request({ host: '127.0.0.1', port, method, path, headers: all }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const data = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data, text: data.toString('utf8') });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** `<d:href>` values of a multistatus, decoded. */
export function hrefsOf(xml: string): string[] {
  return [...xml.matchAll(/<d:href>([^<]*)<\/d:href>/g)].map((m) => decodeURIComponent(m[1]));
}

export const folderPath = (name: string): string => `/dav/files/${encodeURIComponent(name)}/`;
