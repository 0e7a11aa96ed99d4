/**
 * Mail templates with placeholders (`{{partner.name}}`, `{{opportunity.name}}`, …), German and English. Pure:
 * the caller gathers the values of the record the mail is sent from (send-mail.ts).
 */
export type TemplateLocale = 'de' | 'en';

export interface MailTemplate {
  subject: string;
  body: string;
}

/** The placeholders a template may use; anything else is refused with its name (a typo would go out as text). */
export const PLACEHOLDERS = [
  'partner.name',
  'partner.email',
  'opportunity.name',
  'opportunity.expectedRevenue',
  'opportunity.currency',
  'lead.name',
  'lead.contactName',
  'user.name',
  'user.email',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const BUILTIN_TEMPLATES: Record<string, Record<TemplateLocale, MailTemplate>> = {
  'follow-up': {
    de: {
      subject: 'Ihre Anfrage: {{opportunity.name}}',
      body: 'Guten Tag {{partner.name}},\n\nvielen Dank für Ihr Interesse an „{{opportunity.name}}“. Gern besprechen wir die nächsten Schritte.\n\nMit freundlichen Grüßen\n{{user.name}}',
    },
    en: {
      subject: 'Your enquiry: {{opportunity.name}}',
      body: 'Dear {{partner.name}},\n\nthank you for your interest in "{{opportunity.name}}". We would be glad to discuss the next steps.\n\nKind regards\n{{user.name}}',
    },
  },
  quotation: {
    de: {
      subject: 'Angebot: {{opportunity.name}}',
      body: 'Guten Tag {{partner.name}},\n\nanbei unser Angebot über {{opportunity.expectedRevenue}} {{opportunity.currency}}.\n\nMit freundlichen Grüßen\n{{user.name}}',
    },
    en: {
      subject: 'Quotation: {{opportunity.name}}',
      body: 'Dear {{partner.name}},\n\nplease find attached our quotation of {{opportunity.expectedRevenue}} {{opportunity.currency}}.\n\nKind regards\n{{user.name}}',
    },
  },
};

/** The placeholders in `text` that are not known (none: the template is usable). */
export function unknownPlaceholders(text: string): string[] {
  const known = new Set<string>(PLACEHOLDERS);
  return [...new Set([...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)].map((m) => m[1]))].filter((n) => !known.has(n));
}

/** Replaces every `{{name}}` by its value; a value the record lacks becomes empty text. */
export function renderTemplate(text: string, values: Partial<Record<Placeholder, string>>): string {
  return text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_all, name: string) => values[name as Placeholder] ?? '');
}

/**
 * A Message-ID for a sent mail (RFC 5322 §3.6.4), unique and on the sender's domain: stored with the message at
 * once, it is what a reply's In-Reply-To/References name, and the gateway routes the reply by it to the record
 * (filing/thread.ts: only a Message-ID that names one stored message counts, so it cannot be planted).
 */
export function outgoingMessageId(fromAddress: string, random: string): string {
  const domain = fromAddress.split('@')[1] || 'akte.invalid';
  return `<akte.${random}@${domain}>`;
}
