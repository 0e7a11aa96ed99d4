import type {
  ContactOverrides,
  EmailPayload,
  FileResult,
  FilingSettings,
  LeadListItem,
  LeadOverrides,
  LogActivityInput,
  LookupInput,
  LookupResult,
  PairResult,
  PartnerSearchHit,
  RecordRef,
  UserSummary,
} from './api-types';
import type {
  Activity,
  ActivityInput,
  ActivityListQuery,
  CallSuggestion,
  ContactLogInput,
  ConvertPartnerChoice,
  ConvertResult,
  FiledMessage,
  Lead,
  LeadGroup,
  LeadGroupQuery,
  LeadListQuery,
  LeadCreate,
  LeadPatch,
  LinkedEvent,
  LostReason,
  MergeChoice,
  MergeResult,
  Page,
  Partner,
  PartnerHistoryItem,
  PartnerInput,
  PartnerListQuery,
  RecordDocument,
  RecentTraceEntry,
  RecordQuery,
  SessionInfo,
  Stage,
  Tag,
  Team,
  TraceEntry,
  UserListItem,
} from './crm-types';

export type * from './api-types';
export type * from './crm-types';

/**
 * A typed client of the Akte REST API for the Outlook add-in, the Thunderbird extension, the back office
 * (server/web) and tests. Isomorphic: only `fetch`, `URL` and `atob` (browsers, Node ≥ 18). The mail clients
 * authenticate with a personal API token (bearer). The back office runs on the server's own origin with the session
 * cookie, which the browser attaches by itself; then every state-changing request echoes the session's CSRF token
 * (`csrfToken` option), because a cookie alone would also ride on a request another site makes the browser send.
 */

/** Any non-2xx answer, with the server's stable error code (api/errors.ts). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * 401: the token was revoked in the web UI, or is unknown to this server. Tokens do not expire silently, so the
 * only way forward is pairing again — clients show a "reconnect" state for exactly this error. For a cookie session
 * (the back office) it means the session expired or was ended: log in again.
 */
export class ReconnectRequiredError extends ApiError {
  constructor(status: number, code: string, message: string) {
    super(status, code, message);
    this.name = 'ReconnectRequiredError';
  }
}

/** The server could not be reached at all (offline, wrong URL, CORS refusal). */
export class NetworkError extends Error {
  constructor(
    readonly url: string,
    override readonly cause: unknown,
  ) {
    super(`Cannot reach ${url}`);
    this.name = 'NetworkError';
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  token?: string | null;
  /** Defaults to the global fetch; tests pass a stub. */
  fetch?: typeof fetch;
  /**
   * Cookie sessions only: the session's current CSRF token (from login or GET /auth/me), read at every request and
   * sent as X-CSRF-Token on POST, PUT, PATCH and DELETE.
   */
  csrfToken?: () => string | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Query parameters without the unset ones; numbers as decimal strings. */
function queryString(params: object): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

type Body = { json: unknown } | { raw: Uint8Array | Blob; contentType: string } | undefined;

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64.replace(/[\s]/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode(...bytes) overflows the call stack on a large message.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const refString = (ref: RecordRef) => `${ref.recordType}:${ref.recordId}`;

/** The JSON fields of an email payload: `raw` (base64) or the structured fields. */
async function emailFields(email: EmailPayload): Promise<Record<string, unknown>> {
  if (email.kind === 'raw') return { raw: email.base64 };
  if (email.kind === 'structured') return { ...email.email };
  const bytes = email.bytes instanceof Uint8Array ? email.bytes : new Uint8Array(await email.bytes.arrayBuffer());
  return { raw: bytesToBase64(bytes) };
}

export class AkteApiClient {
  readonly baseUrl: string;
  private readonly token: string | null;
  private readonly fetchImpl: typeof fetch;
  private readonly csrfToken: () => string | null;

  constructor(options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.token = options.token ?? null;
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.csrfToken = options.csrfToken ?? (() => null);
  }

  withToken(token: string | null): AkteApiClient {
    return new AkteApiClient({ baseUrl: this.baseUrl, token, fetch: this.fetchImpl, csrfToken: this.csrfToken });
  }

  /** Browser login: sets the session cookie; keep the CSRF token for the `csrfToken` option. */
  login(email: string, password: string): Promise<{ user: UserSummary; csrfToken: string }> {
    return this.request('POST', '/auth/login', { json: { email, password } });
  }

  logout(): Promise<void> {
    return this.request('POST', '/auth/logout', { json: {} });
  }

  /** Who is logged in, with the cookie session's CSRF token (401 when the session expired). */
  session(): Promise<SessionInfo> {
    return this.request('GET', '/auth/me');
  }

  /**
   * Change one's own password (the current one is checked and counts as a login attempt). Ends the user's other
   * browser sessions; the one making the request stays logged in.
   */
  async changePassword(userId: number, currentPassword: string, password: string): Promise<void> {
    await this.request('PATCH', `/users/${userId}`, { json: { currentPassword, password } });
  }

  listLeads(query: LeadListQuery = {}): Promise<Page<Lead>> {
    return this.request('GET', `/leads${queryString(query)}`);
  }

  /** Counts, expected and weighted revenue per stage, salesperson, team or state, over the same filters as listLeads. */
  groupLeads(by: 'stage' | 'salesperson' | 'team' | 'state', query: LeadGroupQuery = {}): Promise<LeadGroup[]> {
    return this.request('GET', `/leads/grouped${queryString({ by, ...query })}`);
  }

  /** A lead or opportunity from its fields (the first stage and its probability unless given). */
  createLeadRecord(input: LeadCreate): Promise<Lead> {
    return this.request('POST', '/leads', { json: input });
  }

  getLead(id: number): Promise<Lead> {
    return this.request('GET', `/leads/${id}`);
  }

  /** A stage move sets the stage's probability unless the probability was set by hand (and writes a stage trace). */
  updateLead(id: number, patch: LeadPatch): Promise<Lead> {
    return this.request('PATCH', `/leads/${id}`, { json: patch });
  }

  markLeadWon(id: number): Promise<Lead> {
    return this.request('POST', `/leads/${id}/won`, { json: {} });
  }

  markLeadLost(id: number, input: { lostReasonId: number; note?: string }): Promise<Lead> {
    return this.request('POST', `/leads/${id}/lost`, { json: input });
  }

  /** Back into the open pipeline (a lost, won or archived lead), with its stage's probability. */
  restoreLead(id: number): Promise<Lead> {
    return this.request('POST', `/leads/${id}/restore`, { json: {} });
  }

  async listStages(): Promise<Stage[]> {
    return (await this.request<Page<Stage>>('GET', '/stages')).items;
  }

  async listLostReasons(active?: boolean): Promise<LostReason[]> {
    const query = queryString({ active });
    return (await this.request<Page<LostReason>>('GET', `/lost-reasons${query}`)).items;
  }

  listActivities(query: ActivityListQuery = {}): Promise<Page<Activity>> {
    return this.request('GET', `/activities${queryString(query)}`);
  }

  markActivityDone(id: number): Promise<Activity> {
    return this.request('POST', `/activities/${id}/done`, { json: {} });
  }

  createActivity(input: ActivityInput): Promise<Activity> {
    return this.request('POST', '/activities', { json: input });
  }

  updateActivity(id: number, patch: Partial<ActivityInput>): Promise<Activity> {
    return this.request('PATCH', `/activities/${id}`, { json: patch });
  }

  /** Lead → opportunity; 409 `ambiguous_partner` (details.candidates) when several partners match and none was chosen. */
  convertLead(id: number, partner: ConvertPartnerChoice): Promise<ConvertResult> {
    return this.request('POST', `/leads/${id}/convert`, { json: { partner } });
  }

  async listUsers(): Promise<UserListItem[]> {
    return (await this.request<Page<UserListItem>>('GET', '/users?limit=200')).items;
  }

  async listTags(): Promise<Tag[]> {
    return (await this.request<Page<Tag>>('GET', '/tags')).items;
  }

  async listTeams(): Promise<Team[]> {
    return (await this.request<Page<Team>>('GET', '/teams')).items;
  }

  listPartners(query: PartnerListQuery = {}): Promise<Page<Partner>> {
    return this.request('GET', `/partners${queryString(query)}`);
  }

  getPartner(id: number): Promise<Partner> {
    return this.request('GET', `/partners/${id}`);
  }

  createPartner(input: PartnerInput & { name: string }): Promise<Partner> {
    return this.request('POST', '/partners', { json: input });
  }

  updatePartner(id: number, patch: PartnerInput): Promise<Partner> {
    return this.request('PATCH', `/partners/${id}`, { json: patch });
  }

  /** Everything about the partner and its leads in one list, newest first (messages, activities, events, documents, history). */
  partnerHistory(id: number, query: { limit?: number; cursor?: string } = {}): Promise<Page<PartnerHistoryItem>> {
    return this.request('GET', `/partners/${id}/history${queryString(query)}`);
  }

  /** Callbacks due today or overdue, then partners whose contact rhythm has lapsed (most urgent first). */
  async callSuggestions(limit = 50): Promise<CallSuggestion[]> {
    return (await this.request<{ items: CallSuggestion[] }>('GET', `/partners/call-suggestions?limit=${limit}`)).items;
  }

  logContact(id: number, input: ContactLogInput): Promise<Partner> {
    return this.request('POST', `/partners/${id}/log-contact`, { json: input });
  }

  /**
   * The duplicate's leads, mail, documents, activities, events and contacts move to the kept partner `id`; the
   * fields in `take` get the duplicate's value (the rest: the kept one's, gaps filled from the duplicate).
   */
  mergePartners(id: number, duplicateId: number, take: MergeChoice[] = []): Promise<MergeResult> {
    return this.request('POST', `/partners/${id}/merge`, { json: { duplicateId, ...(take.length ? { take } : {}) } });
  }

  listMessages(query: RecordQuery): Promise<Page<FiledMessage>> {
    return this.request('GET', `/messages${queryString(query)}`);
  }

  /** A note on records (the chatter's "log a note"). */
  addNote(records: Array<{ recordType: 'lead' | 'partner'; recordId: number }>, body: string): Promise<unknown> {
    return this.request('POST', '/messages', { json: { kind: 'note', body, records } });
  }

  /**
   * Where a message's HTML body is served as its own sandboxed page (its own Content-Security-Policy: no script,
   * nothing remote). Frame it with `<iframe sandbox src=…>`; never insert the HTML into a page of the app.
   */
  messageBodyUrl(id: number): string {
    return `${this.baseUrl}/api/v1/messages/${id}/body`;
  }

  listDocuments(query: RecordQuery): Promise<Page<RecordDocument>> {
    return this.request('GET', `/documents${queryString(query)}`);
  }

  uploadDocument(
    record: { recordType: 'lead' | 'partner'; recordId: number },
    name: string,
    content: Uint8Array,
    mediaType: string,
  ): Promise<RecordDocument> {
    const query = queryString({ ...record, name });
    return this.request('POST', `/documents${query}`, {
      raw: content,
      contentType: mediaType || 'application/octet-stream',
    });
  }

  documentContentUrl(id: number): string {
    return `${this.baseUrl}/api/v1/documents/${id}/content`;
  }

  /**
   * A document's bytes, for a preview the app renders itself (the back office's PDF preview draws them on a
   * canvas with pdf.js: the file never becomes a page or a frame of its own).
   */
  async documentContent(id: number): Promise<Uint8Array> {
    const res = await this.send('GET', `/documents/${id}/content`, undefined, '*/*');
    if (!res.ok) throw errorOf(res.status, safeJson(await res.text()));
    return new Uint8Array(await res.arrayBuffer());
  }

  /** The newest history entries on my leads and partners (salesperson me), whoever made them. */
  async recentHistory(limit = 20): Promise<RecentTraceEntry[]> {
    return (await this.request<{ items: RecentTraceEntry[] }>('GET', `/history/recent?limit=${limit}`)).items;
  }

  /** Calendar events linked to a record (a meeting on the opportunity). */
  listRecordEvents(query: RecordQuery): Promise<Page<LinkedEvent>> {
    return this.request('GET', `/events${queryString(query)}`);
  }

  listHistory(query: RecordQuery): Promise<Page<TraceEntry>> {
    return this.request('GET', `/history${queryString(query)}`);
  }

  /** Exchange a one-time pairing code from /addin/connect for a personal API token. Needs no token. */
  pair(code: string, deviceName?: string): Promise<PairResult> {
    return this.request('POST', '/filing/pair', { json: { code, ...(deviceName ? { deviceName } : {}) } });
  }

  async me(): Promise<UserSummary> {
    return (await this.request<{ user: UserSummary }>('GET', '/auth/me')).user;
  }

  lookup(input: LookupInput): Promise<LookupResult> {
    return this.request('POST', '/filing/lookup', { json: input });
  }

  /**
   * File an email on records. The raw message goes as message/rfc822 bytes (a third smaller than base64 JSON);
   * filing the same Message-ID again only adds missing links (`alreadyLinked` names the others).
   */
  fileMessage(
    email: EmailPayload,
    targets: RecordRef[],
    options: { skipAttachments?: string[] } = {},
  ): Promise<FileResult> {
    const list = targets.map(refString).join(',');
    const skip = options.skipAttachments ?? [];
    if (email.kind !== 'structured') {
      const query = new URLSearchParams({ targets: list });
      for (const name of skip) query.append('skipAttachments', name);
      return this.request('POST', `/filing/messages?${query}`, {
        raw: email.kind === 'raw' ? base64ToBytes(email.base64) : email.bytes,
        contentType: 'message/rfc822',
      });
    }
    const attachments = email.email.attachments?.filter((a) => !skip.includes(a.name));
    return this.request('POST', '/filing/messages', {
      json: { ...email.email, ...(attachments ? { attachments } : {}), targets: list },
    });
  }

  async createLead(
    email: EmailPayload,
    lead: LeadOverrides = {},
  ): Promise<{ lead: LeadListItem & Record<string, unknown>; filing: FileResult }> {
    return this.request('POST', '/filing/create-lead', { json: { ...(await emailFields(email)), lead } });
  }

  /** A contact from the sender; an existing partner with the address comes back instead (`created: false`). */
  async createContact(
    email: EmailPayload,
    contact: ContactOverrides = {},
    file = true,
  ): Promise<{ partner: { id: number; name: string }; created: boolean; filing: FileResult | null }> {
    return this.request('POST', '/filing/create-contact', {
      json: { ...(await emailFields(email)), contact, file },
    });
  }

  async logActivity(
    email: EmailPayload,
    input: LogActivityInput,
  ): Promise<{ activity: { id: number; summary: string | null }; filing: FileResult | null }> {
    const { target, ...rest } = input;
    return this.request('POST', '/filing/log-activity', {
      json: { ...(await emailFields(email)), ...rest, target: refString(target) },
    });
  }

  /**
   * A sent message or a reply filed where its thread is filed, if the user enabled autoFileReplies; the server
   * answers `{filed: false, reason}` otherwise.
   */
  autoFile(email: EmailPayload): Promise<{ filed: boolean; reason?: string } & Partial<FileResult>> {
    if (email.kind === 'structured') return this.request('POST', '/filing/auto-file', { json: { ...email.email } });
    return this.request('POST', '/filing/auto-file', {
      raw: email.kind === 'raw' ? base64ToBytes(email.base64) : email.bytes,
      contentType: 'message/rfc822',
    });
  }

  /** A personal API token, e.g. the device password of a CardDAV/CalDAV account; the secret is in this answer only. */
  createToken(name: string): Promise<{ token: { id: number; name: string; prefix: string }; secret: string }> {
    return this.request('POST', '/tokens', { json: { name } });
  }

  getSettings(): Promise<FilingSettings> {
    return this.request('GET', '/filing/settings');
  }

  saveSettings(patch: { autoFileReplies?: boolean; neverLog?: string[] }): Promise<FilingSettings> {
    return this.request('PUT', '/filing/settings', { json: patch });
  }

  async searchPartners(q: string, limit = 10): Promise<PartnerSearchHit[]> {
    const query = new URLSearchParams({ q, limit: String(limit) });
    return (await this.request<{ items: PartnerSearchHit[] }>('GET', `/partners/search?${query}`)).items;
  }

  async searchLeads(q: string, limit = 10): Promise<LeadListItem[]> {
    const query = new URLSearchParams({ q, limit: String(limit), state: 'open' });
    return (await this.request<{ items: LeadListItem[] }>('GET', `/leads?${query}`)).items;
  }

  private async request<T>(method: string, path: string, body?: Body): Promise<T> {
    const res = await this.send(method, path, body, 'application/json');
    const text = await res.text();
    const parsed = text ? safeJson(text) : undefined;
    if (res.ok) return parsed as T;
    throw errorOf(res.status, parsed);
  }

  private async send(method: string, path: string, body: Body | undefined, accept: string): Promise<Response> {
    const url = `${this.baseUrl}/api/v1${path}`;
    const headers: Record<string, string> = { Accept: accept };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const csrf = SAFE_METHODS.has(method) ? null : this.csrfToken();
    if (csrf) headers['X-CSRF-Token'] = csrf;
    let payload: RequestInit['body'];
    if (body && 'json' in body) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body.json);
    } else if (body) {
      headers['Content-Type'] = body.contentType;
      payload = body.raw as unknown as RequestInit['body'];
    }
    try {
      return await this.fetchImpl(url, { method, headers, body: payload });
    } catch (err) {
      throw new NetworkError(url, err);
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function errorOf(status: number, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string; details?: Record<string, unknown> } })?.error;
  const code = error?.code ?? `http_${status}`;
  const message = error?.message ?? `HTTP ${status}`;
  // The client always sends its token, so any 401 (invalid_token: revoked or unknown) means the stored token is useless.
  if (status === 401) return new ReconnectRequiredError(status, code, message);
  return new ApiError(status, code, message, error?.details);
}
