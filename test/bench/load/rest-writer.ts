import { type LoadConnection, send } from './connection';

/**
 * A CRM user's writes through the REST API (/api/v1, bearer token): new partners, edits of them, call notes
 * (activities) on them, new leads and edits of those. Each kind of write is one request; the records a write needs
 * (a partner to edit or to log a call on) are the client's own, created by its earlier writes.
 */
export const REST_KINDS = [
  'REST POST partner',
  'REST PATCH partner',
  'REST POST activity',
  'REST POST lead',
  'REST PATCH lead',
] as const;

const API = '/api/v1';
const JSON_TYPE = { 'Content-Type': 'application/json' };

function idOf(text: string): number | null {
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === 'number' ? id : null;
  } catch {
    return null;
  }
}

export class RestWriter {
  /** The newest partner and lead this client created: what its edits, call notes and filings go to. */
  partnerId: number | null = null;
  leadId: number | null = null;
  private writes = 0;

  constructor(
    private readonly connection: LoadConnection,
    private readonly client: number,
  ) {}

  /** A partner and a lead to work on (filings need them too): part of the timed run. */
  async start(): Promise<void> {
    await this.createPartner();
    await this.createLead();
  }

  /** The next write in the rotation partner → edit → call note → lead → lead edit. */
  async write(): Promise<void> {
    const steps = [this.createPartner, this.patchPartner, this.createActivity, this.createLead, this.patchLead];
    await steps[this.writes++ % steps.length].call(this);
  }

  async createPartner(): Promise<void> {
    const n = this.writes;
    const answer = await this.post('REST POST partner', '/partners', {
      name: `Lastkunde ${this.client}-${n} GmbH`,
      isCompany: true,
      category: 'prospect',
      emails: [{ email: `info.${this.client}.${n}@lastkunde.example`, type: 'work' }],
      phones: [{ number: `+49 30 ${1_000_000 + this.client * 1000 + (n % 1000)}`, type: 'work' }],
      notes: 'Angelegt vom Lasttest (bench:load).',
    });
    this.partnerId = (answer?.status === 201 && idOf(answer.text)) || this.partnerId;
  }

  async patchPartner(): Promise<void> {
    if (!this.partnerId) return this.createPartner();
    await this.patch('REST PATCH partner', `/partners/${this.partnerId}`, {
      website: `https://lk${this.writes}.example`,
    });
  }

  async createActivity(): Promise<void> {
    if (!this.partnerId) return this.createPartner();
    await this.post('REST POST activity', '/activities', {
      kind: 'call',
      summary: `Rückruf ${this.writes}`,
      note: 'Angebot besprochen, Rückfrage zur Lieferzeit.',
      dueDate: '2026-03-02',
      recordType: 'partner',
      recordId: this.partnerId,
      callDirection: 'outbound',
      callDurationSeconds: 240,
    });
  }

  async createLead(): Promise<void> {
    const answer = await this.post('REST POST lead', '/leads', {
      name: `Anfrage ${this.client}-${this.writes}`,
      partnerId: this.partnerId,
      expectedRevenue: 12_000,
      currency: 'EUR',
      description: 'Anfrage aus dem Lasttest.',
    });
    this.leadId = (answer?.status === 201 && idOf(answer.text)) || this.leadId;
  }

  async patchLead(): Promise<void> {
    if (!this.leadId) return this.createLead();
    await this.patch('REST PATCH lead', `/leads/${this.leadId}`, { probability: this.writes % 100 });
  }

  private post(kind: string, path: string, body: unknown) {
    return send(this.connection, kind, {
      method: 'POST',
      path: API + path,
      body: JSON.stringify(body),
      headers: JSON_TYPE,
      bearer: true,
    });
  }

  private patch(kind: string, path: string, body: unknown) {
    return send(this.connection, kind, {
      method: 'PATCH',
      path: API + path,
      body: JSON.stringify(body),
      headers: JSON_TYPE,
      bearer: true,
    });
  }
}
