import type { ActivityKind } from '../../domain/activities/model';

export interface DemoActivity {
  kind: ActivityKind;
  summary: string;
  note?: string;
  /** Due date relative to the day the demo is loaded: negative is overdue. */
  inDays: number;
  time?: string;
  assignee: string;
  /** `lead:<index into DEMO_LEADS>` or a partner key. */
  on?: string;
  done?: boolean;
}

export interface DemoEvent {
  title: string;
  organizer: string;
  /** `user:<user key>` or `team:<team key>`. */
  calendar: string;
  /** Days from the demo's today; a weekly series starts on its BYDAY weekday on or before that day. */
  inDays: number;
  /** Start hour in the calendar's zone (Europe/Berlin); ignored for all-day events. */
  hour: number;
  hours: number;
  allDay?: boolean;
  rrule?: string;
  location?: string;
  on?: string;
  attendees?: string[];
}

export interface DemoNote {
  author: string;
  on: string;
  inDays: number;
  text: string;
}

export const DEMO_ACTIVITIES: readonly DemoActivity[] = [
  { kind: 'call', summary: 'Angebot nachfassen', inDays: -2, time: '09:30', assignee: 'jonas', on: 'lead:7' },
  { kind: 'call', summary: 'Rückruf Markus Krämer', inDays: -1, assignee: 'lena', on: 'kraemer:0' },
  { kind: 'email', summary: 'Referenzliste schicken', inDays: -3, assignee: 'tom', on: 'lead:13' },
  {
    kind: 'call',
    summary: 'Termin für Vorführung vereinbaren',
    inDays: 0,
    time: '11:00',
    assignee: 'jonas',
    on: 'lead:6',
  },
  { kind: 'task', summary: 'Angebot kalkulieren', inDays: 0, assignee: 'mehmet', on: 'lead:11' },
  { kind: 'call', summary: 'Frank Meyer zurückrufen', inDays: 0, time: '14:00', assignee: 'mehmet', on: 'frank' },
  { kind: 'email', summary: 'Unterlagen Lagerverwaltung senden', inDays: 0, assignee: 'sarah', on: 'lead:16' },
  { kind: 'meeting', summary: 'Vor-Ort-Termin Baustelle', inDays: 2, time: '08:00', assignee: 'mehmet', on: 'alpen' },
  { kind: 'task', summary: 'Vertragsentwurf prüfen', inDays: 3, assignee: 'jonas', on: 'lead:9' },
  { kind: 'call', summary: 'Bedarf klären', inDays: 5, assignee: 'lena', on: 'lead:1' },
  { kind: 'task', summary: 'Preisliste 2025 aktualisieren', inDays: 7, assignee: 'lena' },
  { kind: 'email', summary: 'Einladung Hausmesse', inDays: 10, assignee: 'tom', on: 'schwaben' },
  { kind: 'call', summary: 'Zufriedenheit nachfragen', inDays: 14, assignee: 'sarah', on: 'wien' },
  {
    kind: 'call',
    summary: 'Erstgespräch',
    note: 'Interessiert an Telematik, Entscheidung im Herbst.',
    inDays: -8,
    assignee: 'jonas',
    on: 'nordlicht:0',
    done: true,
  },
  { kind: 'meeting', summary: 'Präsentation Prüfstand', inDays: -5, assignee: 'tom', on: 'lead:13', done: true },
  { kind: 'email', summary: 'Angebot versendet', inDays: -4, assignee: 'lena', on: 'lead:10', done: true },
];

export const DEMO_EVENTS: readonly DemoEvent[] = [
  {
    title: 'Vertriebsrunde Nord',
    organizer: 'lena',
    calendar: 'team:nord',
    inDays: -7,
    hour: 9,
    hours: 1,
    rrule: 'FREQ=WEEKLY;BYDAY=MO',
    location: 'Besprechungsraum 1',
    attendees: ['jonas'],
  },
  {
    title: 'Vertriebsrunde Süd',
    organizer: 'tom',
    calendar: 'team:sued',
    inDays: -6,
    hour: 9,
    hours: 1,
    rrule: 'FREQ=WEEKLY;BYDAY=TU',
    attendees: ['mehmet'],
  },
  {
    title: 'Vorführung Fräszentrum bei Brandt',
    organizer: 'jonas',
    calendar: 'user:jonas',
    inDays: 1,
    hour: 10,
    hours: 2,
    location: 'Billstraße 112, Hamburg',
    on: 'lead:6',
  },
  {
    title: 'Verhandlung Prüfstand',
    organizer: 'tom',
    calendar: 'user:tom',
    inDays: 3,
    hour: 14,
    hours: 1.5,
    location: 'Stuttgart',
    on: 'lead:13',
    attendees: ['admin'],
  },
  {
    title: 'Baustellenbesichtigung Alpenland',
    organizer: 'mehmet',
    calendar: 'user:mehmet',
    inDays: 2,
    hour: 8,
    hours: 3,
    location: 'München-Pasing',
    on: 'alpen',
  },
  {
    title: 'Videocall Donau Handel',
    organizer: 'sarah',
    calendar: 'user:sarah',
    inDays: 0,
    hour: 15,
    hours: 1,
    on: 'lead:16',
  },
  {
    title: 'Messe Hannover',
    organizer: 'lena',
    calendar: 'team:export',
    inDays: 21,
    hour: 0,
    hours: 72,
    allDay: true,
    location: 'Messegelände Hannover',
    attendees: ['sarah'],
  },
  {
    title: 'Quartalsplanung',
    organizer: 'admin',
    calendar: 'user:admin',
    inDays: 9,
    hour: 13,
    hours: 2,
    attendees: ['lena', 'tom'],
  },
  {
    title: 'Kundenbesuch Krämer & Söhne',
    organizer: 'lena',
    calendar: 'user:lena',
    inDays: 4,
    hour: 11,
    hours: 1,
    location: 'Hannover',
    on: 'kraemer',
  },
];

export const DEMO_NOTES: readonly DemoNote[] = [
  {
    author: 'jonas',
    on: 'brandt',
    inDays: -12,
    text: 'Neuer Einkaufsleiter ab Juli, Frau Brandt bleibt Ansprechpartnerin.',
  },
  { author: 'lena', on: 'lead:10', inDays: -4, text: 'Budget ist freigegeben, Entscheidung nach Filialbesuch.' },
  { author: 'tom', on: 'lead:27', inDays: -30, text: 'Wettbewerber war 15 % günstiger, Kontakt halten.' },
  { author: 'sarah', on: 'wien', inDays: -2, text: 'Bevorzugt Kommunikation per E-Mail, nicht vor 10 Uhr anrufen.' },
];
