import { buildBenchEmail } from '../filing-mime';
import { SeedPlan, seedSize } from '../seed-plan';
import { type LoadConnection, send } from './connection';

/**
 * The mail add-in's filings: raw ~200 KB MIME messages (text, HTML and two PDF attachments: bench:filing's message,
 * filing-mime.ts) posted as message/rfc822 to /api/v1/filing/messages, each on the client's partner and lead. Every
 * filing is a new message — its own Message-ID and an offer attachment of its own content — so none is answered
 * from the deduplication of a message or a document already stored.
 */
export const FILING_KINDS = ['filing 200 KB'] as const;

/** One message built once; each filing splices a fresh Message-ID and offer bytes into copies of it. */
export interface FilingTemplate {
  raw: Buffer;
  messageId: string;
  /** Offset of the offer attachment's first base64 quantum (8 characters = 6 bytes). */
  offerAt: number;
}

export async function buildFilingTemplate(): Promise<FilingTemplate> {
  const email = await buildBenchEmail(new SeedPlan(seedSize(0.001), [1]), 0);
  const raw = email.raw;
  const offerHeader = raw.indexOf('Angebot-0.pdf');
  const offerAt = raw.indexOf('\r\n\r\n', offerHeader) + 4;
  if (offerHeader < 0 || offerAt < 4 || raw.indexOf(email.messageId) < 0) {
    throw new Error('bench:load: the filing message template lost its Message-ID or offer attachment');
  }
  return { raw, messageId: email.messageId, offerAt };
}

/** The template with Message-ID `<load.<client>.<n>@…>` and the offer's first 6 bytes set from (client, n). */
export function uniqueMessage(t: FilingTemplate, client: number, n: number): Buffer {
  const raw = Buffer.from(t.raw);
  const unique = Buffer.alloc(6);
  unique.writeUInt16BE(client, 0);
  unique.writeUInt32BE(n, 2);
  raw.write(unique.toString('base64'), t.offerAt, 'latin1');
  const at = raw.indexOf(t.messageId);
  const messageId = t.messageId.replace(/^<[^@]*/, `<load.${client}.${n}`);
  return Buffer.concat([raw.subarray(0, at), Buffer.from(messageId), raw.subarray(at + t.messageId.length)]);
}

export class Filer {
  private filings = 0;

  constructor(
    private readonly connection: LoadConnection,
    private readonly client: number,
    private readonly template: FilingTemplate,
  ) {}

  async file(targets: { partnerId: number | null; leadId: number | null }): Promise<boolean> {
    const list = [
      ...(targets.partnerId ? [`partner:${targets.partnerId}`] : []),
      ...(targets.leadId ? [`lead:${targets.leadId}`] : []),
    ];
    if (!list.length) return false;
    const body = uniqueMessage(this.template, this.client, this.filings++);
    await send(this.connection, 'filing 200 KB', {
      method: 'POST',
      path: `/api/v1/filing/messages?targets=${list.join(',')}`,
      body,
      headers: { 'Content-Type': 'message/rfc822' },
      bearer: true,
    });
    return true;
  }
}
