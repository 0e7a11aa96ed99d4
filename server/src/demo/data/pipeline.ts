/** Odoo's default pipeline, in German like the CRM descriptions Akte grew out of. */
export const DEMO_STAGES = [
  { name: 'Neu', sequence: 10, probability: 10, folded: false, isWon: false },
  { name: 'Qualifiziert', sequence: 20, probability: 30, folded: false, isWon: false },
  { name: 'Angebot', sequence: 30, probability: 60, folded: false, isWon: false },
  { name: 'Verhandlung', sequence: 40, probability: 80, folded: false, isWon: false },
  { name: 'Gewonnen', sequence: 50, probability: 100, folded: true, isWon: true },
] as const;

export const DEMO_LOST_REASONS: readonly string[] = [
  'Zu teuer',
  'Wettbewerber gewählt',
  'Kein Bedarf mehr',
  'Keine Rückmeldung',
];

export const DEMO_TAGS: ReadonlyArray<{ name: string; color: string }> = [
  { name: 'Industrie', color: '#1976d2' },
  { name: 'Handel', color: '#388e3c' },
  { name: 'Handwerk', color: '#f57c00' },
  { name: 'Dienstleistung', color: '#7b1fa2' },
  { name: 'VIP', color: '#c2185b' },
  { name: 'Wartungsvertrag', color: '#0097a7' },
];
