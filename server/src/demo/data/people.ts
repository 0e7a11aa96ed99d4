import type { Role } from '../../domain/users/model';

export interface DemoUser {
  key: string;
  email: string;
  name: string;
  role: Role;
  locale: 'de' | 'en';
}

export interface DemoTeam {
  key: string;
  name: string;
  leader: string;
  members: string[];
}

/**
 * The key under which the data refers to the installation's administrator (the one created on the first start):
 * it plays the sales director. The demo creates no administrator of its own, so a new installation has one
 * administrator with one password.
 */
export const DEMO_ADMIN_KEY = 'admin';

/** The demo salespeople: both other roles, enough to fill three teams. They share one password. */
export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'lena', email: 'lena.vogel@akte.example', name: 'Lena Vogel', role: 'all', locale: 'de' },
  { key: 'tom', email: 'tom.berger@akte.example', name: 'Tom Berger', role: 'all', locale: 'de' },
  { key: 'jonas', email: 'jonas.keller@akte.example', name: 'Jonas Keller', role: 'own', locale: 'de' },
  { key: 'sarah', email: 'sarah.wolf@akte.example', name: 'Sarah Wolf', role: 'own', locale: 'en' },
  { key: 'mehmet', email: 'mehmet.yilmaz@akte.example', name: 'Mehmet Yılmaz', role: 'own', locale: 'de' },
];

export const DEMO_TEAMS: readonly DemoTeam[] = [
  { key: 'nord', name: 'Vertrieb Nord', leader: 'lena', members: ['lena', 'jonas'] },
  { key: 'sued', name: 'Vertrieb Süd', leader: 'tom', members: ['tom', 'mehmet'] },
  { key: 'export', name: 'Export', leader: 'lena', members: ['lena', 'sarah'] },
];
