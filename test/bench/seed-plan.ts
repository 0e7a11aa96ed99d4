import { seededRandom } from './seed-rows';

/**
 * The shape of the benchmark's data set: a sales team of 20 people with a large, skewed history. A few "heavy"
 * partners (a key account, a busy supplier) carry a large share of all mail, which is what makes a total-history
 * view slow in practice; everyone else has a handful of messages.
 *
 * Ids are assigned explicitly (1…n) on the fresh database, so rows can reference each other without reading back,
 * and every derived value (name, email, salesperson) is a function of the id that the benchmark can recompute.
 */
export interface SeedSize {
  partners: number;
  opportunities: number;
  messages: number;
  links: number;
  activities: number;
  traces: number;
  heavyPartners: number;
}

/** Full size at scale 1; AKTE_BENCH_SCALE=0.01 gives a quick run with the same proportions. */
export function seedSize(scale: number): SeedSize {
  const n = (full: number) => Math.max(1, Math.round(full * scale));
  return {
    partners: n(100_000),
    opportunities: n(100_000),
    messages: n(250_000),
    links: n(1_000_000),
    activities: n(100_000),
    traces: n(50_000),
    heavyPartners: Math.max(5, Math.round(100 * scale)),
  };
}

const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Eva', 'Felix', 'Greta', 'Hanna', 'Jonas', 'Lena', 'Max', 'Nora'];
const LAST = ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Koch'];

export class SeedPlan {
  readonly random = seededRandom(42);
  readonly heavyPartnerIds: number[];
  private readonly now = Date.now();

  constructor(
    readonly size: SeedSize,
    /** The salespeople; partner `id` belongs to `userIds[id % userIds.length]`. */
    readonly userIds: number[],
  ) {
    this.heavyPartnerIds = Array.from({ length: Math.min(size.heavyPartners, size.partners) }, (_, i) => 1 + i * 7);
  }

  /** Ids 1, 11, 21… are companies; the nine persons after each work there. */
  isCompany(id: number): boolean {
    return id % 10 === 1;
  }

  companyOf(id: number): number | null {
    return this.isCompany(id) ? null : id - ((id - 1) % 10);
  }

  nameOf(id: number): string {
    if (this.isCompany(id)) return `Firma ${id} GmbH`;
    return `${FIRST[id % FIRST.length]} ${LAST[id % LAST.length]} ${id}`;
  }

  emailOf(id: number): string {
    return `kontakt.${id}@firma${this.companyOf(id) ?? id}.example`;
  }

  salespersonOf(id: number): number {
    return this.userIds[id % this.userIds.length];
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  randomPartner(): number {
    return 1 + Math.floor(this.random() * this.size.partners);
  }

  /** A partner the mail of a message goes to: a heavy partner with probability `heavyShare`, else any partner. */
  skewedPartner(heavyShare: number): number {
    return this.random() < heavyShare ? this.pick(this.heavyPartnerIds) : this.randomPartner();
  }

  /** Wraps any positive number onto a partner id. */
  partnerAt(n: number): number {
    return (n % this.size.partners) + 1;
  }

  daysAgo(days: number): Date {
    return new Date(this.now - days * 86_400_000);
  }
}
