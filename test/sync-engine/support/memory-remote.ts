import type {
  CreateOutcome,
  CreateRequest,
  DeleteOutcome,
  ListPage,
  ListRequest,
  RemoteCollectionRef,
  RemoteItem,
  SyncProvider,
  UpdateOutcome,
} from '../../../sync-engine/src/providers/provider';

/**
 * A remote collection in memory (test code) that behaves like the servers the issue names: ETags, a sync-token
 * change log (RFC 6578) or only complete listings, pages, tokens that die, items repeated in a listing, bodies
 * rewritten on store (REV, DTSTAMP, PRODID) and PUTs answered without an ETag.
 */
export interface MemoryRemoteOptions {
  pageSize?: number;
  /** Sync-token support; without it every listing is complete. */
  delta?: boolean;
  /** What the server does to a body it stores (another client's writes are stored as sent). */
  rewrite?: (body: string, version: number) => string;
  /** Answer our creates and updates without an ETag. */
  omitEtag?: boolean;
  /** Repeat the first entry of every listing page (servers do across truncated sync answers). */
  repeatEntries?: boolean;
}

interface Stored {
  body: string;
  etag: string;
}

export class MemoryRemote implements SyncProvider {
  readonly name = 'memory';
  readonly items = new Map<string, Stored>();
  private readonly log: Array<{ seq: number; href: string }> = [];
  private seq = 0;
  private version = 0;
  /** Cursors carry the epoch they were issued in; a new epoch refuses them all (the server pruned its log). */
  private epoch = 1;
  readonly requests = { list: 0, fetch: 0, create: 0, update: 0, delete: 0 };
  /** Runs before our update is answered: lets a test slip in a concurrent edit (→ 412). */
  beforeUpdate: ((href: string) => void) | null = null;

  constructor(private readonly options: MemoryRemoteOptions = {}) {}

  // ---- what other clients do on the remote ----
  put(href: string, body: string): string {
    return this.store(href, body, false);
  }
  remove(href: string): void {
    this.items.delete(href);
    this.log.push({ seq: ++this.seq, href });
  }
  invalidateCursors(): void {
    this.epoch++;
  }
  private token(seq: number): string {
    return `${this.epoch}:${seq}`;
  }
  private store(href: string, body: string, ours: boolean): string {
    const version = ++this.version;
    const stored = ours && this.options.rewrite ? this.options.rewrite(body, version) : body;
    const etag = `"v${version}"`;
    this.items.set(href, { body: stored, etag });
    this.log.push({ seq: ++this.seq, href });
    return etag;
  }

  // ---- the provider contract ----
  async listChanges(_collection: RemoteCollectionRef, request: ListRequest): Promise<ListPage> {
    this.requests.list++;
    const size = this.options.pageSize ?? 100;
    if (this.options.delta && request.cursor !== null) return this.delta(request, size);
    const [offset, startSeq] = request.page ? (JSON.parse(request.page) as [number, number]) : [0, this.seq];
    const hrefs = [...this.items.keys()].sort();
    const slice = hrefs.slice(offset, offset + size).map((href) => ({ href, etag: this.items.get(href)!.etag }));
    const last = offset + size >= hrefs.length;
    return {
      kind: 'complete',
      entries: this.repeat(slice),
      next: last ? null : JSON.stringify([offset + size, startSeq]),
      cursor: last && this.options.delta ? this.token(startSeq) : null,
    };
  }

  private delta(request: ListRequest, size: number): ListPage {
    const [epoch, from] = String(request.page ?? request.cursor)
      .split(':')
      .map(Number);
    if (epoch !== this.epoch || !Number.isFinite(from)) {
      return { kind: 'cursor-invalid', reason: 'valid-sync-token (RFC 6578 §3.2)' };
    }
    const entries = this.log.filter((e) => e.seq > from);
    const slice = entries.slice(0, size);
    const last = entries.length <= size;
    const changed = slice.filter((e) => this.items.has(e.href));
    const upTo = slice.length ? slice[slice.length - 1].seq : from;
    return {
      kind: 'delta',
      changed: this.repeat(changed.map((e) => ({ href: e.href, etag: this.items.get(e.href)!.etag }))),
      removed: slice.filter((e) => !this.items.has(e.href)).map((e) => e.href),
      next: last ? null : this.token(upTo),
      cursor: last ? this.token(upTo) : null,
    };
  }

  private repeat<T>(entries: T[]): T[] {
    return this.options.repeatEntries && entries.length ? [...entries, entries[0]] : entries;
  }

  async fetch(_collection: RemoteCollectionRef, hrefs: string[]): Promise<RemoteItem[]> {
    this.requests.fetch++;
    return hrefs.flatMap((href) => {
      const item = this.items.get(href);
      return item ? [{ href, etag: item.etag, body: item.body }] : [];
    });
  }

  async create(_collection: RemoteCollectionRef, request: CreateRequest): Promise<CreateOutcome> {
    this.requests.create++;
    if (this.items.has(request.href)) return { kind: 'exists' };
    const etag = this.store(request.href, request.body, true);
    return { kind: 'created', etag: this.options.omitEtag ? null : etag };
  }

  async update(href: string, body: string, _contentType: string, ifMatch: string | null): Promise<UpdateOutcome> {
    this.requests.update++;
    const hook = this.beforeUpdate;
    this.beforeUpdate = null;
    hook?.(href);
    const item = this.items.get(href);
    if (!item) return { kind: 'gone' };
    if (ifMatch !== null && ifMatch !== item.etag) return { kind: 'precondition-failed' };
    const etag = this.store(href, body, true);
    return { kind: 'updated', etag: this.options.omitEtag ? null : etag };
  }

  async delete(href: string, ifMatch: string | null): Promise<DeleteOutcome> {
    this.requests.delete++;
    const item = this.items.get(href);
    if (!item) return { kind: 'gone' };
    if (ifMatch !== null && ifMatch !== item.etag) return { kind: 'precondition-failed' };
    this.remove(href);
    return { kind: 'deleted' };
  }

  writes(): number {
    return this.requests.create + this.requests.update + this.requests.delete;
  }
}
