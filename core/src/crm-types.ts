/**
 * The JSON shapes of the REST API's CRM resources that the back office (server/web) reads and writes: leads and
 * opportunities, pipeline stages and lost reasons, activities, the browser session. They mirror the server's zod
 * schemas (server/src/api/leads, pipeline, activities, auth); the server is the source of truth and documents them
 * in /api/v1/openapi.json.
 */
import type { UserSummary } from './api-types';

/** A page of a keyset-paginated list: pass `nextCursor` back unchanged for the next page (null: the last page). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SessionInfo {
  user: UserSummary;
  /** Echoed in X-CSRF-Token on every state-changing request made with the session cookie. */
  csrfToken: string | null;
  authMethod: 'session' | 'token';
}

export type LeadState = 'open' | 'won' | 'lost';

export interface Lead {
  id: number;
  type: 'lead' | 'opportunity';
  name: string;
  partnerId: number | null;
  contactName: string | null;
  companyName: string | null;
  emailFrom: string | null;
  phone: string | null;
  expectedRevenue: number;
  currency: string;
  probability: number;
  probabilityManual: boolean;
  stageId: number | null;
  priority: number;
  expectedClosing: string | null;
  salespersonId: number | null;
  teamId: number | null;
  lostReasonId: number | null;
  state: LeadState;
  active: boolean;
  tagIds: number[];
  dateClosed: string | null;
  dateConverted: string | null;
  createdById: number | null;
  /** Where the lead came from (the small-business CRM's "Werbeeffizienz"): campaign, medium, source, referrer. */
  campaign: string | null;
  medium: string | null;
  source: string | null;
  referredBy: string | null;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface LeadListQuery {
  type?: 'lead' | 'opportunity';
  stageId?: number;
  state?: LeadState;
  salespersonId?: number;
  teamId?: number;
  partnerId?: number;
  tag?: number;
  q?: string;
  /** Expected closing from / to this day (YYYY-MM-DD), both ends included. */
  closingFrom?: string;
  closingTo?: string;
  active?: 'true' | 'false' | 'all';
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

export type LeadGroupQuery = Omit<LeadListQuery, 'sort' | 'order' | 'limit' | 'cursor'>;

/** One kanban column header or report row of GET /leads/grouped. */
export interface LeadGroup {
  key: number | string | null;
  label: string | null;
  count: number;
  expectedRevenue: number;
  weightedRevenue: number;
  folded?: boolean;
}

/** POST /leads: the name is required; the rest as in LeadPatch. */
export interface LeadCreate extends LeadPatch {
  type?: 'lead' | 'opportunity';
  name: string;
  partnerId?: number | null;
  currency?: string;
}

/** The fields a person edits directly (PATCH /leads/:id); state changes go through won / lost / restore. */
export interface LeadPatch {
  name?: string;
  stageId?: number | null;
  probability?: number;
  probabilityManual?: boolean;
  expectedRevenue?: number;
  expectedClosing?: string | null;
  salespersonId?: number | null;
  description?: string | null;
  contactName?: string | null;
  companyName?: string | null;
  emailFrom?: string | null;
  phone?: string | null;
  priority?: number;
  campaign?: string | null;
  medium?: string | null;
  source?: string | null;
  referredBy?: string | null;
}

/** POST /leads/:id/convert: how the opportunity gets its partner. */
export type ConvertPartnerChoice =
  { mode: 'auto' } | { mode: 'existing'; partnerId: number } | { mode: 'new' } | { mode: 'none' };

export interface ConvertResult {
  lead: Lead;
  partner: { id: number | null; by: 'email' | 'phone' | 'name' | 'chosen' | 'already_linked' | 'created' | 'none' };
}

export interface Stage {
  id: number;
  name: string;
  sequence: number;
  probability: number;
  folded: boolean;
  isWon: boolean;
  teamId: number | null;
}

export interface LostReason {
  id: number;
  name: string;
  active: boolean;
}

/** 'overdue' | 'today' | 'planned' for open activities (by due date on the server's day), else the closing status. */
export type ActivityState = 'done' | 'cancelled' | 'overdue' | 'today' | 'planned';

export interface Activity {
  id: number;
  kind: 'call' | 'meeting' | 'task' | 'email';
  summary: string;
  note: string | null;
  dueDate: string | null;
  dueTime: string | null;
  assignedUserId: number | null;
  recordType: string | null;
  recordId: number | null;
  partnerId: number | null;
  status: 'open' | 'done' | 'cancelled';
  state: ActivityState;
  doneAt: string | null;
  callDirection?: 'inbound' | 'outbound' | null;
  callDurationSeconds?: number | null;
  callOutcome?: string | null;
  createdAt?: string;
}

/** POST /activities (PATCH takes the same fields, each optional). */
export interface ActivityInput {
  kind: Activity['kind'];
  summary: string;
  note?: string | null;
  dueDate?: string | null;
  dueTime?: string | null;
  assignedUserId?: number | null;
  recordType?: 'lead' | 'partner' | null;
  recordId?: number | null;
  callDirection?: 'inbound' | 'outbound' | null;
  callDurationSeconds?: number | null;
  callOutcome?: string | null;
}

export interface ActivityListQuery {
  assignedUserId?: number;
  /** Assigned to a member of this team. */
  teamId?: number;
  state?: ActivityState;
  status?: 'open' | 'done' | 'cancelled';
  kind?: Activity['kind'];
  recordType?: string;
  recordId?: number;
  dueFrom?: string;
  dueTo?: string;
  limit?: number;
  cursor?: string;
}

/** A user as GET /users lists them (to choose a salesperson or an assignee). */
export interface UserListItem {
  id: number;
  email: string;
  name: string;
  role: string;
  active: boolean;
}

export type PartnerCategory = 'customer' | 'prospect';

/** A company or a person (GET /partners/:id adds its company's name). */
export interface Partner {
  id: number;
  name: string;
  isCompany: boolean;
  companyId: number | null;
  category: PartnerCategory;
  jobTitle: string | null;
  website: string | null;
  emails: Array<{ email: string; type: string }>;
  phones: Array<{ number: string; type: string }>;
  tagIds: number[];
  salespersonId: number | null;
  sourceCategory: string | null;
  sourceDetail: string | null;
  referredById: number | null;
  metAtEvent: string | null;
  callbackAt: string | null;
  contactFrequencyDays: number | null;
  lastContactAt: string | null;
  contactCount: number;
  notes: string | null;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  company?: { id: number; name: string } | null;
}

export interface PartnerListQuery {
  q?: string;
  email?: string;
  phone?: string;
  category?: PartnerCategory;
  isCompany?: boolean;
  companyId?: number;
  salespersonId?: number;
  archived?: 'true' | 'false' | 'all';
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

/** The fields a person edits (POST /partners needs the name; PATCH any of them). */
export interface PartnerInput {
  name?: string;
  isCompany?: boolean;
  companyId?: number | null;
  category?: PartnerCategory;
  jobTitle?: string | null;
  website?: string | null;
  emails?: Array<{ email: string; type?: string }>;
  phones?: Array<{ number: string; type?: string }>;
  salespersonId?: number | null;
  sourceCategory?: string | null;
  sourceDetail?: string | null;
  metAtEvent?: string | null;
  callbackAt?: string | null;
  contactFrequencyDays?: number | null;
  notes?: string | null;
}

/** POST /partners/:id/log-contact: a call, visit, letter… updates last contact and the contact count. */
export interface ContactLogInput {
  channel: 'call' | 'visit' | 'letter' | 'email' | 'meeting' | 'message' | 'other';
  note?: string;
  at?: string;
}

/** Fields a merge may take from the duplicate (POST /partners/:id/merge `take`). */
export type MergeChoice =
  | 'name'
  | 'category'
  | 'jobTitle'
  | 'website'
  | 'salespersonId'
  | 'sourceCategory'
  | 'sourceDetail'
  | 'metAtEvent'
  | 'contactFrequencyDays'
  | 'birthday';

export interface MergeResult {
  partner: Partner;
  /** How many rows of each kind moved to the kept partner. */
  moved: Record<string, number>;
}

/** One entry of a partner's total history (GET /partners/:id/history); each kind adds its own fields. */
export interface PartnerHistoryItem {
  kind: 'message' | 'activity' | 'event' | 'document' | 'trace';
  at: string;
  id: number;
  summary: string;
  [field: string]: unknown;
}

/** A filed email or a note (GET /messages). `bodyHtml` was sanitized on arrival; show it only framed and sandboxed. */
export interface FiledMessage {
  id: number;
  kind: 'email' | 'note';
  direction: 'inbound' | 'outbound' | 'internal';
  from: { address: string; name?: string } | null;
  to: Array<{ address: string; name?: string }>;
  cc: Array<{ address: string; name?: string }>;
  date: string;
  subject: string | null;
  bodyText: string | null;
  bodyHtml: string | null;
  authorUserId: number | null;
  createdAt: string;
}

export interface RecordDocument {
  id: number;
  recordType: 'partner' | 'lead';
  recordId: number;
  name: string;
  mediaType: string;
  size: number;
  createdById: number | null;
  createdAt: string;
}

/** A history entry of one record (GET /history): stage changes, won / lost, conversion, contacts. */
export interface TraceEntry {
  id: number;
  recordType: string;
  recordId: number;
  userId: number | null;
  action: string;
  changes: Record<string, unknown>;
  createdAt: string;
}

export interface RecordQuery {
  recordType: 'lead' | 'partner';
  recordId: number;
  limit?: number;
  cursor?: string;
}

/** GET /partners/call-suggestions: whom to call today, and why. */
export interface CallSuggestion {
  partner: Partner;
  reason: 'callback_overdue' | 'callback_today' | 'contact_due' | 'never_contacted';
  /** An English sentence for logs and scripts; the back office words the reason itself. */
  detail: string;
  callbackAt: string | null;
}

/** A calendar event linked to a record, as the chatter shows it (GET /events answers more). */
export interface LinkedEvent {
  id: number;
  title: string;
  startsAt: string;
  endsAt: string;
  allDay: boolean;
  location: string | null;
}

export interface Tag {
  id: number;
  name: string;
  color: string | null;
}

export interface Team {
  id: number;
  name: string;
  leaderId: number | null;
  memberIds: number[];
}

/** GET /history/recent: an entry on one of my records, with the record's name. */
export interface RecentTraceEntry extends TraceEntry {
  recordName: string | null;
}
