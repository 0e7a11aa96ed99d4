import type { FileResult, FilingRecord, LookupResult } from '../../core/src/api-types';

/**
 * An in-memory stand-in for the Akte API behind the task pane's fetch: enough of the filing endpoints to drive
 * the controller, with every request recorded. The real server is exercised by the end-to-end test.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | null;
  authorization: string | null;
  body: string;
}

export const kimLookup = (overrides: Partial<LookupResult> = {}): LookupResult => ({
  neverLog: false,
  autoFileReplies: false,
  participants: [
    { email: 'kim@kunde.example', name: 'Kim Kunde', role: 'from', neverLog: false, partnerIds: [5] },
    { email: 'otto@akte.example', name: null, role: 'to', neverLog: false, partnerIds: [] },
  ],
  partners: [
    {
      id: 5,
      name: 'Kim Kunde',
      isCompany: false,
      companyId: 4,
      companyName: 'Kunde GmbH',
      jobTitle: null,
      email: 'kim@kunde.example',
      phone: '+49 30 1234',
      salespersonId: 2,
      salespersonName: 'Otto Eigen',
      archived: false,
      matchedBy: 'email',
      matchedEmails: ['kim@kunde.example'],
    },
    {
      id: 4,
      name: 'Kunde GmbH',
      isCompany: true,
      companyId: null,
      companyName: null,
      jobTitle: null,
      email: null,
      phone: null,
      salespersonId: 2,
      salespersonName: 'Otto Eigen',
      archived: false,
      matchedBy: 'company',
      matchedEmails: [],
    },
  ],
  leads: [
    {
      id: 7,
      type: 'opportunity',
      name: 'Rahmenvertrag 2025',
      partnerId: 4,
      stageId: 2,
      stageName: 'Angebot',
      expectedRevenue: 12000,
      currency: 'EUR',
      probability: 40,
      salespersonId: 2,
      salespersonName: 'Otto Eigen',
    },
  ],
  activities: [],
  filed: [],
  suggested: [],
  ...overrides,
});

export class FakeAkte {
  requests: RecordedRequest[] = [];
  validTokens = new Set(['akte_valid']);
  lookupResult: LookupResult = kimLookup();
  /** Record keys each Message-ID is filed on (the server's dedup, simplified). */
  filed = new Map<string, Set<string>>();
  failFilingOf = new Set<string>();
  offline = false;
  settings = { autoFileReplies: false, neverLog: [] as string[], companyNeverLog: ['@akte.example'] };

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (this.offline) throw new TypeError('fetch failed');
    const url = new URL(String(input));
    const headers = new Headers(init.headers);
    const body =
      init.body === undefined
        ? ''
        : typeof init.body === 'string'
          ? init.body
          : Buffer.from(init.body as Uint8Array).toString('utf8');
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      contentType: headers.get('content-type'),
      authorization: headers.get('authorization'),
      body,
    };
    this.requests.push(request);
    return this.answer(request);
  };

  private json(status: number, value: unknown): Response {
    return new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } });
  }

  private answer(r: RecordedRequest): Response {
    if (r.path === '/api/v1/filing/pair') {
      const { code } = JSON.parse(r.body) as { code: string };
      if (code !== 'v1.good.code')
        return this.json(400, { error: { code: 'invalid_code', message: 'The pairing code is invalid' } });
      this.validTokens.add('akte_paired');
      return this.json(201, {
        token: { id: 9, name: 'Outlook on Web', prefix: 'akte_pa', createdAt: '2025-01-01T00:00:00Z' },
        secret: 'akte_paired',
        user: { id: 2, name: 'Otto Eigen', email: 'otto@akte.example' },
      });
    }
    const token = r.authorization?.replace(/^Bearer /, '') ?? '';
    if (!this.validTokens.has(token)) {
      return this.json(401, {
        error: {
          code: 'invalid_token',
          message: 'The API token is invalid or has been revoked: reconnect to get a new one',
        },
      });
    }
    switch (`${r.method} ${r.path}`) {
      case 'POST /api/v1/filing/lookup':
        return this.json(200, this.lookupResult);
      case 'POST /api/v1/filing/messages':
        return this.fileMessage(r);
      case 'POST /api/v1/filing/create-lead':
        return this.json(201, { lead: { id: 99, name: 'Angebot', type: 'lead' }, filing: null });
      case 'GET /api/v1/filing/settings':
        return this.json(200, this.settings);
      case 'PUT /api/v1/filing/settings':
        this.settings = { ...this.settings, ...(JSON.parse(r.body) as object) };
        return this.json(200, this.settings);
      case 'POST /api/v1/filing/log-activity':
        return this.json(201, { activity: { id: 3, summary: JSON.parse(r.body).summary ?? null }, filing: null });
      case 'GET /api/v1/partners/search':
        return this.json(200, {
          items: [{ id: 31, name: 'Müller AG', isCompany: true, matched: 'name', value: 'Müller AG', company: null }],
        });
      case 'GET /api/v1/leads':
        return this.json(200, {
          items: [
            {
              id: 41,
              type: 'lead',
              name: 'Müller Wartung',
              partnerId: 31,
              stageId: 1,
              expectedRevenue: 500,
              currency: 'EUR',
              state: 'open',
            },
          ],
          nextCursor: null,
        });
      default:
        return this.json(404, { error: { code: 'not_found', message: `${r.method} ${r.path}` } });
    }
  }

  private fileMessage(r: RecordedRequest): Response {
    const messageId = /^Message-ID: (.*)$/im.exec(r.body)?.[1]?.trim() ?? '<none>';
    if (this.failFilingOf.has(messageId))
      return this.json(400, { error: { code: 'malformed_message', message: 'Cannot parse' } });
    const keys = (r.query.get('targets') ?? '').split(',');
    const known = this.filed.get(messageId) ?? new Set<string>();
    const record = (key: string): FilingRecord => {
      const [recordType, id] = key.split(':');
      return {
        recordType: recordType as 'lead',
        recordId: Number(id),
        name: key === 'lead:7' ? 'Rahmenvertrag 2025' : key,
        partnerId: null,
      };
    };
    const result: FileResult = {
      message: { id: 1, messageId, subject: null, messageIdSynthesized: false, messageIdConflict: false },
      created: !this.filed.has(messageId),
      linked: keys.filter((k) => !known.has(k)).map(record),
      alreadyLinked: keys.filter((k) => known.has(k)).map(record),
      documents: [],
      skippedAddresses: [],
    };
    keys.forEach((k) => known.add(k));
    this.filed.set(messageId, known);
    return this.json(result.created ? 201 : 200, result);
  }
}
