import { codecFor } from '../../../sync-engine/src/codecs';
import { fieldsOfContact } from '../../../sync-engine/src/codecs/contact-codec';
import { sameFields, type Fields, type RecordKind } from '../../../sync-engine/src/codecs/fields';
import type { Side } from '../../../sync-engine/src/engine/merge-policy';
import { runRound } from '../../../sync-engine/src/engine/runner';
import type { RoundReport } from '../../../sync-engine/src/engine/round-context';
import type { SyncDirection } from '../../../sync-engine/src/engine/storage-port';
import type { ContactFields } from '@akte/core';
import { roundWithCrash, type CrashPoint } from './crash';
import { MemoryRemote, type MemoryRemoteOptions } from './memory-remote';
import { MemoryStorage } from './memory-storage';

export const LEASE_MS = 60_000;

/** A contact's normalized fields from a few given ones (the rest empty). */
export function contact(partial: Partial<ContactFields> & { name: string }): Fields {
  return fieldsOfContact({
    isCompany: false,
    company: null,
    jobTitle: null,
    emails: [],
    phones: [],
    addresses: [],
    notes: null,
    tags: [],
    website: null,
    birthday: null,
    ...partial,
  });
}

export interface WorldOptions {
  kind?: RecordKind;
  remote?: MemoryRemoteOptions;
  direction?: SyncDirection;
  policy?: Record<string, Side>;
  crmPageSize?: number;
}

/** One CRM, one remote collection, one clock: a test's whole world. */
export class SyncWorld {
  readonly storage = new MemoryStorage();
  readonly remote: MemoryRemote;
  readonly kind: RecordKind;
  readonly codec;
  readonly collectionId = 'book';
  readonly href = '/dav/alice/book/';
  private clock = Date.UTC(2026, 0, 1);
  private ids = 0;
  private crmPageSize: number;

  constructor(options: WorldOptions = {}) {
    this.kind = options.kind ?? 'contact';
    this.codec = codecFor(this.kind);
    this.remote = new MemoryRemote(options.remote);
    this.crmPageSize = options.crmPageSize ?? 200;
    this.storage.addCollection({
      id: this.collectionId,
      kind: this.kind,
      remoteHref: this.href,
      direction: options.direction,
      policy: options.policy,
    });
  }

  /** One round; with a crash point, the round dies there (and the lease is left to expire, as a dead worker's). */
  async round(crash: CrashPoint | null = null): Promise<RoundReport | null> {
    this.clock += LEASE_MS + 1;
    return roundWithCrash(crash, (wrap) =>
      runRound(
        {
          port: wrap(this.storage, 'port'),
          provider: wrap(this.remote, 'remote'),
          owner: 'worker-1',
          now: () => new Date(this.clock),
          newId: () => `id-${++this.ids}`,
          leaseMs: LEASE_MS,
          crmPageSize: this.crmPageSize,
        },
        this.collectionId,
      ),
    );
  }

  /** A remote client writes a record of its own. */
  remoteCreate(uid: string, fields: Fields, href = `${this.href}${uid}${this.codec.extension}`): string {
    this.remote.put(href, this.codec.encode(uid, fields, null));
    return href;
  }
  remoteUpdate(href: string, patch: Partial<Record<string, Fields[string]>>): void {
    const body = this.remote.items.get(href)!.body;
    const { uid, fields } = this.codec.decode(body);
    this.remote.put(href, this.codec.encode(uid!, { ...fields, ...patch } as Fields, body));
  }
  remoteRemove(href: string): void {
    this.remote.remove(href);
  }
  remoteRecords(): Array<{ href: string; uid: string | null; fields: Fields }> {
    return [...this.remote.items].map(([href, item]) => ({ href, ...this.codec.decode(item.body) }));
  }
  remoteByUid(uid: string): { href: string; uid: string | null; fields: Fields } | undefined {
    return this.remoteRecords().find((r) => r.uid === uid);
  }
  crmRecords() {
    return this.storage.live(this.kind);
  }
  crmByUid(uid: string) {
    return this.crmRecords().find((r) => r.uid === uid);
  }

  /**
   * Both sides hold the same records: each UID once per side, the same UIDs, equal fields, and every live CRM
   * record linked to exactly the remote item with its UID. Returns the problems (empty when converged).
   */
  divergence(): string[] {
    return divergenceOf(this.remoteRecords(), this.crmRecords(), this.storage.links);
  }
}

type DecodedRemote = { href: string; uid: string | null; fields: Fields };

/** SyncWorld's convergence check on any remote's decoded items (the DAV tests read theirs from Radicale's files). */
export function divergenceOf(
  remote: DecodedRemote[],
  crm: Array<{ id: string; uid: string | null; fields: Fields }>,
  links: Array<{ crmId: string; href: string }>,
): string[] {
  const problems: string[] = [];
  const count = (uids: Array<string | null>) => {
    const seen = new Map<string, number>();
    for (const uid of uids) seen.set(uid ?? '(none)', (seen.get(uid ?? '(none)') ?? 0) + 1);
    return seen;
  };
  for (const [uid, n] of count(remote.map((r) => r.uid))) if (n > 1) problems.push(`remote has ${uid} ${n}×`);
  for (const [uid, n] of count(crm.map((r) => r.uid))) if (n > 1) problems.push(`CRM has ${uid} ${n}×`);
  for (const record of crm) {
    const other = remote.find((r) => r.uid === record.uid);
    if (!other) problems.push(`${record.uid} only in the CRM`);
    else if (!sameFields(record.fields, other.fields))
      problems.push(`${record.uid} differs: ${JSON.stringify(record.fields)} vs ${JSON.stringify(other.fields)}`);
    const linked = links.filter((l) => l.crmId === record.id);
    if (linked.length !== 1 || (other && linked[0].href !== other.href)) problems.push(`${record.uid} link wrong`);
  }
  for (const record of remote)
    if (!crm.some((r) => r.uid === record.uid)) problems.push(`${record.uid} only on the remote`);
  return problems;
}
