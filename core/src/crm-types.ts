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
}

export interface ActivityListQuery {
  assignedUserId?: number;
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
