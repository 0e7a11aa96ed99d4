import { normalizeEmail } from '@akte/core';
import { BadRequestError } from '../domain/errors';
import { createActivity } from '../domain/activities/service';
import type { ActivityKind } from '../domain/activities/model';
import type { DomainContext } from '../domain/context';
import { createLead, LeadCreateInput } from '../domain/leads/service';
import type { Lead } from '../domain/leads/model';
import type { Partner } from '../domain/partners/model';
import { createPartner, findMatchingPartners } from '../domain/partners/service';
import type { Activity } from '../domain/activities/model';
import type { EmailAddress, EmailInput } from './email';
import { fileEmail, FileResult, NeverLogError, participantsOf } from './file-message';
import type { PreparedEmail } from './prepare-email';
import { decideNeverLog } from './never-log';
import { neverLogEntriesFor } from './settings';
import { RecordRef, requireVisibleTargets } from './targets';

const MAX_DESCRIPTION = 100_000;

/**
 * The other party of an email: its sender, or — for a mail the actor sent — its first recipient. That is who a new
 * lead or contact is about.
 */
export function counterpartyOf(email: Pick<EmailInput, 'from' | 'to' | 'cc'>, actorEmail: string): EmailAddress | null {
  const me = normalizeEmail(actorEmail);
  const candidates = [email.from, ...email.to, ...email.cc].filter((a): a is EmailAddress => a !== null);
  return candidates.find((a) => normalizeEmail(a.address) && normalizeEmail(a.address) !== me) ?? null;
}

async function assertLoggable(ctx: DomainContext, email: PreparedEmail['email']): Promise<void> {
  const decision = decideNeverLog(
    participantsOf(email),
    ctx.actor.email,
    await neverLogEntriesFor(ctx.actor.userId, ctx.tx),
  );
  if (decision.action === 'refuse') throw new NeverLogError(decision.neverLogged);
}

function displayName(address: EmailAddress): string {
  return (address.name?.trim() || address.address.split('@')[0]).slice(0, 255);
}

export type LeadOverrides = Omit<LeadCreateInput, 'name'> & { name?: string };

/**
 * A new lead from an email (subject → name, sender → contact details, text → description), with the email filed on
 * it. The sender's partner is linked when exactly one visible partner has the address.
 */
export async function createLeadFromEmail(
  ctx: DomainContext,
  prepared: PreparedEmail,
  overrides: LeadOverrides,
): Promise<{ lead: Lead; filing: FileResult }> {
  const { email } = prepared;
  await assertLoggable(ctx, email);
  const contact = counterpartyOf(email, ctx.actor.email);
  let partnerId = overrides.partnerId;
  if (partnerId === undefined && contact) {
    const matches = await findMatchingPartners(ctx, { email: contact.address });
    partnerId = matches.partners.length === 1 ? matches.partners[0].id : null;
  }
  const lead = await createLead(ctx, {
    contactName: contact?.name ?? null,
    emailFrom: contact?.address ?? null,
    description: email.text?.trim().slice(0, MAX_DESCRIPTION) ?? null,
    source: 'email',
    ...overrides,
    partnerId,
    name: (overrides.name ?? email.subject ?? (contact ? `Email: ${displayName(contact)}` : 'Email')).slice(0, 255),
  });
  const filing = await fileEmail(ctx, prepared, [{ recordType: 'lead', recordId: lead.id }]);
  return { lead, filing };
}

export interface ContactOverrides {
  name?: string;
  companyId?: number | null;
  jobTitle?: string | null;
  phone?: string | null;
}

/**
 * A contact (partner) for the email's other party — unless a visible partner already has that address: then that
 * one is returned and nothing is created (the add-in must never produce duplicates).
 */
export async function createContactFromEmail(
  ctx: DomainContext,
  prepared: PreparedEmail,
  overrides: ContactOverrides,
  file: boolean,
): Promise<{ partner: Partner; created: boolean; filing: FileResult | null }> {
  const { email } = prepared;
  await assertLoggable(ctx, email);
  const contact = counterpartyOf(email, ctx.actor.email);
  if (!contact)
    throw new BadRequestError(
      'The email has no sender or recipient other than you to create a contact from',
      'no_contact',
    );
  const matches = await findMatchingPartners(ctx, { email: contact.address });
  const existing = matches.partners[0];
  const partner =
    existing ??
    (await createPartner(ctx, {
      name: overrides.name ?? displayName(contact),
      companyId: overrides.companyId ?? null,
      jobTitle: overrides.jobTitle ?? null,
      emails: [{ email: contact.address, type: 'work' }],
      ...(overrides.phone ? { phones: [{ number: overrides.phone, type: 'work' as const }] } : {}),
    }));
  const filing = file ? await fileEmail(ctx, prepared, [{ recordType: 'partner', recordId: partner.id }]) : null;
  return { partner, created: !existing, filing };
}

export interface ActivityFromEmail {
  target: RecordRef;
  kind: ActivityKind;
  summary?: string;
  note?: string;
  dueDate?: string;
  assignedUserId?: number;
  file: boolean;
}

/** An activity (e.g. "call back") on a record, about an email: subject → summary, sender and text → note. */
export async function logActivityFromEmail(
  ctx: DomainContext,
  prepared: PreparedEmail,
  input: ActivityFromEmail,
): Promise<{ activity: Activity; filing: FileResult | null }> {
  const { email } = prepared;
  await assertLoggable(ctx, email);
  await requireVisibleTargets(ctx.actor, [input.target], ctx.tx);
  const sender = email.from ? `${email.from.name ? `${email.from.name} ` : ''}<${email.from.address}>` : null;
  const note =
    input.note ??
    [sender && `From: ${sender}`, `Date: ${email.date.toISOString()}`, '', email.text?.trim().slice(0, 2000) ?? '']
      .filter((line) => line !== null)
      .join('\n');
  const activity = await createActivity(ctx, {
    kind: input.kind,
    summary: (input.summary ?? email.subject ?? (sender ? `Email ${sender}` : 'Email')).slice(0, 255),
    note,
    dueDate: input.dueDate ?? new Date().toISOString().slice(0, 10),
    ...(input.assignedUserId !== undefined ? { assignedUserId: input.assignedUserId } : {}),
    recordType: input.target.recordType,
    recordId: input.target.recordId,
  });
  const filing = input.file ? await fileEmail(ctx, prepared, [input.target]) : null;
  return { activity, filing };
}
