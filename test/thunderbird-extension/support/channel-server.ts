import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The test's end of the test build's command channel (thunderbird-extension/src/test-channel/): the extension
 * long-polls GET /next for a command and posts its answer to /result. The test helper extension fetches its setup
 * from /helper-config, reports on /helper-done, and then takes the commands of the user it stands for (grant a
 * permission, write and send a mail) the same way from /helper-next.
 */
interface Waiting {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
}

export class ChannelServer {
  private server = http.createServer((req, res) => void this.handle(req, res));
  /** Commands waiting for a poll, and polls waiting for a command: the extension's (/next), the helper's. */
  private lines = {
    '/next': { queue: [] as Array<{ id: number; name: string; args: unknown }>, polls: [] as http.ServerResponse[] },
    '/helper-next': {
      queue: [] as Array<{ id: number; name: string; args: unknown }>,
      polls: [] as http.ServerResponse[],
    },
  };
  private results = new Map<number, Waiting>();
  private nextId = 1;
  private helperDone!: (value: { ok: boolean; messages?: number; error?: string }) => void;
  readonly helper = new Promise<{ ok: boolean; messages?: number; error?: string }>((r) => (this.helperDone = r));
  url = '';
  /** What the helper reported so far (for a set-up that hangs). */
  readonly helperSteps: string[] = [];

  constructor(private readonly helperConfig: Record<string, unknown>) {}

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    for (const line of Object.values(this.lines)) for (const poll of line.polls.splice(0)) poll.writeHead(204).end();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Runs a command in the extension and resolves with its answer (rejects with the extension's error). */
  send<T = unknown>(name: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
    return this.command('/next', name, args, timeoutMs);
  }

  /** Runs a command in the test helper (helper/background.js), as the user in front of Thunderbird. */
  sendHelper<T = unknown>(name: string, args: Record<string, unknown> = {}, timeoutMs = 60_000): Promise<T> {
    return this.command('/helper-next', name, args, timeoutMs);
  }

  private command<T>(
    path: keyof ChannelServer['lines'],
    name: string,
    args: Record<string, unknown>,
    timeoutMs: number,
  ): Promise<T> {
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Command ${name} got no answer in ${timeoutMs} ms`)), timeoutMs);
      this.results.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
    this.lines[path].queue.push({ id, name, args });
    this.flush(path);
    return answer;
  }

  private flush(path: keyof ChannelServer['lines']): void {
    const { queue, polls } = this.lines[path];
    while (queue.length && polls.length) {
      polls.shift()!.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(queue.shift()));
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // Any origin: the channel must work before the extension holds its host permission for 127.0.0.1.
    res.setHeader('Access-Control-Allow-Origin', '*');
    let body = '';
    for await (const chunk of req) body += chunk;
    if (req.url === '/next' || req.url === '/helper-next') {
      const path = req.url;
      const { polls } = this.lines[path];
      polls.push(res);
      // Answer an idle poll after 20 s, so that no request lingers past a test.
      setTimeout(() => {
        const at = polls.indexOf(res);
        if (at >= 0 && !res.headersSent) polls.splice(at, 1)[0].writeHead(204).end();
      }, 20_000).unref();
      return this.flush(path);
    }
    if (req.url === '/result') {
      const answer = JSON.parse(body) as { id: number; ok: boolean; value?: unknown; error?: string };
      const waiting = this.results.get(answer.id);
      this.results.delete(answer.id);
      if (answer.ok) waiting?.resolve(answer.value);
      else waiting?.reject(new Error(answer.error));
      return void res.writeHead(204).end();
    }
    if (req.url === '/helper-config') {
      return void res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(this.helperConfig));
    }
    if (req.url === '/helper-step') {
      this.helperSteps.push(body);
      return void res.writeHead(204).end();
    }
    if (req.url === '/helper-done') {
      this.helperDone(JSON.parse(body));
      return void res.writeHead(204).end();
    }
    res.writeHead(404).end();
  }
}
