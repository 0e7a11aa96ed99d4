import { codecFor } from '../../../../../sync-engine/src/codecs';
import type { Fields, RecordKind } from '../../../../../sync-engine/src/codecs/fields';
import type { Side } from '../../../../../sync-engine/src/engine/merge-policy';
import { runRound } from '../../../../../sync-engine/src/engine/runner';
import type { RoundReport } from '../../../../../sync-engine/src/engine/round-context';
import { createDavProvider, type DavProvider, type FetchLike } from '../../../../../sync-engine/src/providers/dav';
import { roundWithCrash, type CrashPoint } from '../../../support/crash';
import { MemoryStorage } from '../../../support/memory-storage';
import { divergenceOf, LEASE_MS } from '../../../support/sync-world';
import type { RadicaleClient } from './radicale-collections';

export interface DavWorldOptions {
  kind?: RecordKind;
  /** Entries per listing page (the provider cuts the server's answer). */
  pageSize?: number;
  /** A proxy in front of Radicale (rewrites, truncation, hidden sync support). */
  fetch?: FetchLike;
  policy?: Record<string, Side>;
}

let collections = 0;

/**
 * The in-memory CRM (storage port) synced through the DAV provider with a fresh collection on the test file's
 * real Radicale: SyncWorld's shape, with the remote side done over HTTP by another client and read back from
 * Radicale's own files (so checks do not go through the provider under test).
 */
export class DavWorld {
  readonly storage = new MemoryStorage();
  readonly collectionId = 'book';
  readonly codec;
  provider: DavProvider;
  /** Requests the provider sent, by method (REPORT, PROPFIND, PUT, DELETE…): "the next run writes nothing". */
  readonly requests = new Map<string, number>();
  /** Runs before the provider's next request with that method goes out (a test slips in another client's edit). */
  beforeNext: { method: string; run: () => Promise<void> } | null = null;
  private clock = Date.UTC(2026, 0, 1);
  private ids = 0;

  private constructor(
    readonly client: RadicaleClient,
    readonly kind: RecordKind,
    readonly href: string,
    private readonly options: DavWorldOptions,
  ) {
    this.codec = codecFor(kind);
    this.provider = this.newProvider();
    this.storage.addCollection({ id: this.collectionId, kind, remoteHref: href, policy: options.policy });
  }

  static async create(client: RadicaleClient, options: DavWorldOptions = {}): Promise<DavWorld> {
    const kind = options.kind ?? 'contact';
    const name = `c${++collections}-${kind}`;
    const href =
      kind === 'contact'
        ? await client.makeCollection(name, 'addressbook')
        : await client.makeCollection(name, 'calendar', [kind === 'event' ? 'VEVENT' : 'VTODO']);
    return new DavWorld(client, kind, href, options);
  }

  /** A fresh provider, as a restarted worker process has (nothing kept in memory). */
  newProvider(): DavProvider {
    const { baseUrl, user, password } = this.client.radicale;
    return createDavProvider({
      serverUrl: baseUrl,
      username: user,
      password,
      pageSize: this.options.pageSize,
      fetch: async (input, init) => {
        const method = (init?.method ?? 'GET').toUpperCase();
        this.requests.set(method, (this.requests.get(method) ?? 0) + 1);
        const hook = this.beforeNext;
        if (hook && hook.method === method) {
          this.beforeNext = null;
          await hook.run();
        }
        return (this.options.fetch ?? fetch)(input, init);
      },
    });
  }

  /** PUTs and DELETEs the provider sent so far. */
  writes(): number {
    return (this.requests.get('PUT') ?? 0) + (this.requests.get('DELETE') ?? 0);
  }

  /** One round; with a crash point the round dies there, and the next round runs in a "new process". */
  async round(crash: CrashPoint | null = null): Promise<RoundReport | null> {
    this.clock += LEASE_MS + 1;
    const report = await roundWithCrash(crash, (wrap) =>
      runRound(
        {
          port: wrap(this.storage, 'port'),
          provider: wrap(this.provider, 'remote'),
          owner: 'worker-1',
          now: () => new Date(this.clock),
          newId: () => `id-${++this.ids}`,
          leaseMs: LEASE_MS,
        },
        this.collectionId,
      ),
    );
    if (report === null) this.provider = this.newProvider();
    return report;
  }

  async remoteCreate(uid: string, fields: Fields, href = `${this.href}${uid}${this.codec.extension}`): Promise<string> {
    await this.client.put(href, this.codec.encode(uid, fields, null));
    return href;
  }
  async remoteUpdate(href: string, patch: Partial<Record<string, Fields[string]>>): Promise<void> {
    const body = (await this.client.get(href))!.body;
    const { uid, fields } = this.codec.decode(body);
    await this.client.put(href, this.codec.encode(uid!, { ...fields, ...patch } as Fields, body));
  }
  async remoteRemove(href: string): Promise<void> {
    await this.client.remove(href);
  }
  remoteRecords(): Array<{ href: string; uid: string | null; fields: Fields }> {
    return this.client.storedItems(this.href).map(({ href, body }) => ({ href, ...this.codec.decode(body) }));
  }
  remoteByUid(uid: string) {
    return this.remoteRecords().find((r) => r.uid === uid);
  }
  crmRecords() {
    return this.storage.live(this.kind);
  }
  crmByUid(uid: string) {
    return this.crmRecords().find((r) => r.uid === uid);
  }
  divergence(): string[] {
    return divergenceOf(this.remoteRecords(), this.crmRecords(), this.storage.links);
  }
}
