import type { Sequelize, Transaction } from 'sequelize';
import type { SeededRandom } from './prng';

/** What the demo inserters share: one transaction, one seeded generator, and the ids created so far by key. */
export interface DemoContext {
  sequelize: Sequelize;
  tx: Transaction;
  rng: SeededRandom;
  now: Date;
  users: Map<string, { id: number; email: string; name: string }>;
  teams: Map<string, number>;
  /** Partner key ('brandt', 'brandt:0', 'hannah') → id, for leads, activities and events to link to. */
  partners: Map<string, DemoPartnerRef>;
  /** Index into DEMO_LEADS → lead id and its partner. */
  leads: Map<number, { id: number; partnerId: number | null }>;
}

export interface DemoPartnerRef {
  id: number;
  name: string;
  isCompany: boolean;
  email: string | null;
  phone: string | null;
  companyName: string | null;
}

const DAY_MS = 24 * 3600 * 1000;

/** A calendar day relative to `now` (UTC), as 'YYYY-MM-DD'. */
export function dayFrom(now: Date, days: number): string {
  return new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** A point in time `days` from now's UTC midnight, at `hourUtc`. */
export function timeFrom(now: Date, days: number, hourUtc: number, minute = 0): Date {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(midnight + days * DAY_MS + hourUtc * 3600 * 1000 + minute * 60 * 1000);
}

export function requireRef<T>(map: Map<string, T> | Map<number, T>, key: string | number, what: string): T {
  const value = (map as Map<string | number, T>).get(key);
  if (value === undefined) throw new Error(`demo data refers to unknown ${what} "${key}"`);
  return value;
}
