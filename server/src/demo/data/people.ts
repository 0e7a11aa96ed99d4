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

/** One of each role, and enough salespeople to fill three teams. */
export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'admin', email: 'admin@akte.example', name: 'Petra Hoffmann', role: 'admin', locale: 'de' },
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
