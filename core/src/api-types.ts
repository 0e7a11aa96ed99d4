/**
 * The JSON shapes of the Akte REST API that its clients (the Outlook add-in, the Thunderbird extension, tests) use.
 * They mirror the server's zod schemas (server/src/filing/schemas.ts, api/partners, api/leads); the server is the
 * source of truth and documents them in /api/v1/openapi.json.
 */

export type RecordType = 'lead' | 'partner';

export interface RecordRef {
  recordType: RecordType;
  recordId: number;
}

/** A record an email is filed on (or can be), as the user may see it. */
export interface FilingRecord extends RecordRef {
  name: string;
  partnerId: number | null;
  /** 'lead' | 'opportunity' for leads. */
  leadType?: string;
}

export interface Mailbox {
  address: string;
  name?: string;
}

export interface LookupParticipant {
  email: string;
  name?: string;
  role: 'from' | 'to' | 'cc';
}

export interface LookupInput {
  participants: LookupParticipant[];
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
}

export interface PartnerCard {
  id: number;
  name: string;
  isCompany: boolean;
  companyId: number | null;
  companyName: string | null;
  jobTitle: string | null;
  email: string | null;
  phone: string | null;
  salespersonId: number | null;
  salespersonName: string | null;
  archived: boolean;
  /**
   * 'email': a participant's address; 'company': the company of such a contact person; 'domain': a company known
   * under a participant's (non-freemail) domain.
   */
  matchedBy: 'email' | 'domain' | 'company';
  matchedEmails: string[];
}

export interface LeadSummary {
  id: number;
  type: 'lead' | 'opportunity';
  name: string;
  partnerId: number | null;
  stageId: number | null;
  stageName: string | null;
  expectedRevenue: number;
  currency: string;
  probability: number;
  salespersonId: number | null;
  salespersonName: string | null;
}

export interface ActivitySummary {
  id: number;
  kind: string;
  summary: string | null;
  status: string;
  dueDate: string | null;
  recordType: string | null;
  recordId: number | null;
  partnerId: number | null;
  updatedAt: string;
}

export interface LookupResult {
  /** Every participant is on a never-log list: nothing was looked up and the email cannot be filed. */
  neverLog: boolean;
  autoFileReplies: boolean;
  participants: Array<{ email: string; name: string | null; role: string; neverLog: boolean; partnerIds: number[] }>;
  partners: PartnerCard[];
  leads: LeadSummary[];
  activities: ActivitySummary[];
  /** Where this message (by Message-ID) is already filed. */
  filed: FilingRecord[];
  /** Where its thread is filed (In-Reply-To/References) and this message is not yet. */
  suggested: Array<FilingRecord & { reason: 'thread' }>;
}

export interface AttachmentInput {
  name: string;
  mediaType: string;
  contentBase64: string;
}

/** The structured fallback for hosts that cannot hand over the raw message. */
export interface StructuredEmail {
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  subject?: string;
  from?: Mailbox;
  to?: Mailbox[];
  cc?: Mailbox[];
  date?: string;
  html?: string;
  text?: string;
  attachments?: AttachmentInput[];
}

/**
 * An email as a client can send it: the raw MIME message in base64 (what Outlook's getAsFileAsync returns), its
 * bytes (what Thunderbird's messages.getRaw gives — uploaded as they are, never re-encoded), or the structured fields.
 */
export type EmailPayload =
  | { kind: 'raw'; base64: string }
  /** A Blob is Thunderbird's File from getRaw, sent as the request body without being read into script. */
  | { kind: 'rfc822'; bytes: Uint8Array | Blob }
  | { kind: 'structured'; email: StructuredEmail };

export interface FiledDocument extends RecordRef {
  id: number;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

export interface FileResult {
  message: {
    id: number;
    messageId: string;
    subject: string | null;
    messageIdSynthesized: boolean;
    /**
     * Stored as a message of its own under a Message-ID that a different content already had (never merged with
     * it); true only when the caller can see that other message.
     */
    messageIdConflict: boolean;
  };
  /** True when this request stored the message; false when it (same Message-ID and content) was already stored. */
  created: boolean;
  linked: FilingRecord[];
  alreadyLinked: FilingRecord[];
  /** Documents created by this request (an attachment already on a record is not stored again). */
  documents: FiledDocument[];
  /** Never-logged participants that were not indexed for lookups. */
  skippedAddresses: string[];
}

export interface FilingSettings {
  autoFileReplies: boolean;
  neverLog: string[];
  companyNeverLog: string[];
}

export interface PairResult {
  token: { id: number; name: string; prefix: string; createdAt: string };
  secret: string;
  user: { id: number; name: string; email: string };
}

export interface UserSummary {
  id: number;
  email: string;
  name: string;
  role: string;
  locale?: string | null;
}

export interface PartnerSearchHit {
  id: number;
  name: string;
  isCompany: boolean;
  matched: 'name' | 'email' | 'phone';
  value: string;
  company: { id: number; name: string } | null;
}

/** The fields of a lead the add-in shows (GET /leads answers more). */
export interface LeadListItem {
  id: number;
  type: 'lead' | 'opportunity';
  name: string;
  partnerId: number | null;
  stageId: number | null;
  expectedRevenue: number;
  currency: string;
  state: string;
}

export interface LeadOverrides {
  name?: string;
  type?: 'lead' | 'opportunity';
  partnerId?: number | null;
  expectedRevenue?: number;
  description?: string | null;
}

export interface ContactOverrides {
  name?: string;
  companyId?: number | null;
  jobTitle?: string | null;
  phone?: string | null;
}

export interface LogActivityInput {
  target: RecordRef;
  kind?: 'call' | 'meeting' | 'task' | 'email';
  summary?: string;
  note?: string;
  dueDate?: string;
  /** File the email on the target too. */
  file?: boolean;
}
