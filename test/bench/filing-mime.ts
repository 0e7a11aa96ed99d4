import MailComposer from 'nodemailer/lib/mail-composer';
import type { SeedPlan } from './seed-plan';

/**
 * The emails `npm run bench:filing` files: real MIME built with nodemailer's MailComposer (what Outlook's
 * getAsFileAsync and Thunderbird's getRaw hand over is the same kind of multipart/mixed message), about 200 KB each:
 * a text and HTML body and two attachments — an offer unique to the message, and the terms (AGB) every message of
 * a company carries, which the documents' dedup stores once per record.
 */
export const TEAM_ADDRESS = 'vertrieb@akte.example';
const OFFER_BYTES = 90_000;
const TERMS_BYTES = 50_000;

export interface BenchEmail {
  messageId: string;
  raw: Buffer;
  /** The participants as the add-in sends them to the lookup. */
  participants: Array<{ email: string; name?: string; role: 'from' | 'to' | 'cc' }>;
  senderId: number;
  companyId: number;
}

/** Deterministic filler bytes (a PDF would be incompressible too: base64 is what makes it 4/3 the size). */
function filler(seed: number, size: number): Buffer {
  const out = Buffer.alloc(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const paragraph =
  'vielen Dank für Ihre Anfrage. Anbei erhalten Sie unser Angebot für die besprochenen Leistungen sowie unsere ' +
  'Allgemeinen Geschäftsbedingungen. Für Rückfragen stehe ich Ihnen gern zur Verfügung. ';

export async function buildBenchEmail(plan: SeedPlan, n: number): Promise<BenchEmail> {
  const senderId = plan.randomPartner();
  const companyId = plan.companyOf(senderId) ?? senderId;
  const colleague = companyId + 1 + (n % 9);
  const domain = plan.emailOf(companyId).split('@')[1];
  const messageId = `<filing-bench.${n}.${senderId}@${domain}>`;
  const participants: BenchEmail['participants'] = [
    { email: plan.emailOf(senderId), name: plan.nameOf(senderId), role: 'from' },
    { email: TEAM_ADDRESS, name: 'Vertrieb', role: 'to' },
    // A colleague the CRM knows, one it does not yet know (found by the company domain), and a private address.
    { email: plan.emailOf(Math.min(colleague, plan.size.partners)), role: 'cc' },
    { email: `neu.${n}@${domain}`, role: 'cc' },
    { email: `privat.${n}@gmail.com`, role: 'cc' },
  ];
  const mailbox = (p: BenchEmail['participants'][number]) => (p.name ? { name: p.name, address: p.email } : p.email);
  const text = `Guten Tag,\n\n${paragraph.repeat(40)}\n\nMit freundlichen Grüßen\n${plan.nameOf(senderId)}`;
  const raw = await new MailComposer({
    from: mailbox(participants[0]),
    to: [mailbox(participants[1])],
    cc: participants.slice(2).map(mailbox),
    subject: `Angebot ${n} für ${plan.nameOf(companyId)}`,
    messageId,
    date: plan.daysAgo(n / 100),
    text,
    html: `<p>Guten Tag,</p>${`<p>${paragraph}</p>`.repeat(40)}<p>Mit freundlichen Grüßen<br>${plan.nameOf(senderId)}</p>`,
    attachments: [
      { filename: `Angebot-${n}.pdf`, content: filler(n + 1, OFFER_BYTES), contentType: 'application/pdf' },
      { filename: 'AGB.pdf', content: filler(1_000_000 + companyId, TERMS_BYTES), contentType: 'application/pdf' },
    ],
  })
    .compile()
    .build();
  return { messageId, raw, participants, senderId, companyId };
}
