import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { Op } from 'sequelize';
import { normalizeEmail } from '@akte/core';
import type { Actor } from '../access/actor';
import { inUnitOfWork } from '../db/unit-of-work';
import { DocumentRecord } from '../domain/documents/model';
import { readDocumentContent } from '../domain/documents/service';
import { BadRequestError, ConflictError, ValidationError } from '../domain/errors';
import { findVisibleLead } from '../domain/leads/service';
import { PartnerEmail } from '../domain/partners/model';
import { findVisiblePartner } from '../domain/partners/service';
import type { EmailInput } from '../filing/email';
import { fileEmail, NeverLogError } from '../filing/file-message';
import { prepareEmail } from '../filing/prepare-email';
import type { RecordRef } from '../filing/targets';
import type { Services } from '../http/context';
import { serverKeyOf } from '../secrets/server-key';
import { openMailboxPassword } from './credentials';
import { GatewaySmtpAccount } from './model';
import { resolveTemplate } from './stored-templates';
import { outgoingMessageId, Placeholder, renderTemplate, TemplateLocale, unknownPlaceholders } from './templates';

export interface SendInput {
  record: RecordRef;
  /** Default: the partner's first address, or the lead's. */
  to?: string[];
  cc?: string[];
  /** A template by name: the user's own, their teams', the built-in one (stored-templates.ts). */
  template?: string;
  /** A stored template by id. */
  templateId?: number;
  /** The template's language (default German); a stored template chosen by id has its own. */
  locale?: TemplateLocale;
  subject?: string;
  body?: string;
  /** Documents of the record to attach. */
  documentIds?: number[];
  /**
   * Sent by the CRM itself, not by a person (web-to-lead's confirmation): `Auto-Submitted: auto-generated`
   * (RFC 3834 §5), so that the recipient's vacation notice does not answer it. Not offered through REST.
   */
  automatic?: boolean;
}

export interface SendResult {
  messageId: string;
  storedMessageId: number | null;
  to: string[];
  via: 'own' | 'server';
}

/** The SMTP account a user sends with: their own, else the server-wide one (AKTE_SMTP_URL), else none. */
async function transportFor(services: Services, actor: Actor) {
  const own = await GatewaySmtpAccount.findOne({ where: { userId: actor.userId } });
  if (own) {
    const pass = own.passwordSealed ? openMailboxPassword(serverKeyOf(services.config), own.passwordSealed) : undefined;
    return {
      via: 'own' as const,
      from: own.fromAddress,
      transport: nodemailer.createTransport({
        host: own.host,
        port: own.port,
        secure: own.tls && own.port === 465,
        // Without TLS the connection stays plain (a local relay); with it, STARTTLS is required (RFC 3207).
        ignoreTLS: !own.tls,
        requireTLS: own.tls && own.port !== 465,
        ...(own.username ? { auth: { user: own.username, pass } } : {}),
      }),
    };
  }
  if (services.config.smtpUrl) {
    return {
      via: 'server' as const,
      from: services.config.smtpFrom ?? actor.email,
      transport: nodemailer.createTransport(services.config.smtpUrl),
    };
  }
  throw new ConflictError(
    'No SMTP account to send with: add your own (PUT /api/v1/mail/smtp-account) or ask the administrator for a server-wide one (AKTE_SMTP_URL)',
    'no_smtp_account',
  );
}

/** The record's values for the placeholders, and who the mail goes to by default. */
async function recordValues(actor: Actor, record: RecordRef) {
  const values: Partial<Record<Placeholder, string>> = { 'user.name': actor.name, 'user.email': actor.email };
  let partnerId: number | null;
  let defaultTo: string | null = null;
  if (record.recordType === 'lead') {
    const lead = await findVisibleLead(actor, record.recordId);
    Object.assign(values, {
      'lead.name': lead.name,
      'lead.contactName': lead.contactName ?? '',
      'opportunity.name': lead.name,
      'opportunity.expectedRevenue': String(lead.expectedRevenue),
      'opportunity.currency': lead.currency,
    });
    partnerId = lead.partnerId;
    defaultTo = lead.emailFrom;
    if (!partnerId) values['partner.name'] = lead.contactName ?? '';
  } else partnerId = record.recordId;
  if (partnerId) {
    const partner = await findVisiblePartner(actor, partnerId).catch(() => null);
    if (partner) {
      const email = await PartnerEmail.findOne({ where: { partnerId }, order: [['position', 'ASC']] });
      values['partner.name'] = partner.name;
      values['partner.email'] = email?.email ?? '';
      defaultTo = defaultTo ?? email?.email ?? null;
    } else if (record.recordType === 'partner') partnerId = null;
  }
  return { values, defaultTo, partnerId };
}

/**
 * Sends a mail from a partner, lead or opportunity (issue #14): template or own text with placeholders, the
 * record's documents attached, a Message-ID of ours; stored on the record (and a lead's partner) at once through the
 * filing service, so the reply's In-Reply-To routes it back (route-message.ts, thread first).
 */
export async function sendRecordMail(services: Services, actor: Actor, input: SendInput): Promise<SendResult> {
  const { values, defaultTo, partnerId } = await recordValues(actor, input.record);
  if (input.template !== undefined && input.templateId !== undefined)
    throw new ValidationError('Give a template by name or by id, not both', { templateId: ['Not with "template"'] });
  const template = await resolveTemplate(actor, input, input.locale ?? 'de');
  const subjectText = input.subject ?? template?.subject;
  const bodyText = input.body ?? template?.body;
  if (!subjectText || !bodyText)
    throw new ValidationError('A mail needs a subject and a body, or a template', {
      ...(subjectText ? {} : { subject: ['Required without a template'] }),
      ...(bodyText ? {} : { body: ['Required without a template'] }),
    });
  const unknown = unknownPlaceholders(`${subjectText}\n${bodyText}`);
  if (unknown.length)
    throw new ValidationError(`Unknown placeholders: ${unknown.join(', ')}`, {
      body: [`Unknown placeholders: ${unknown.map((n) => `{{${n}}}`).join(', ')}`],
    });
  const to = (input.to?.length ? input.to : defaultTo ? [defaultTo] : []).map((a) => a.trim()).filter(Boolean);
  if (!to.length) throw new BadRequestError('The record has no email address to write to: give "to"', 'no_recipient');
  const documents = await attachedDocuments(input.record, input.documentIds ?? []);
  const attachments = await Promise.all(
    documents.map(async (d) => ({
      name: d.name,
      mediaType: d.mediaType,
      content: await readDocumentContent(services.blobs, d),
    })),
  );
  const { transport, from, via } = await transportFor(services, actor);
  const messageId = outgoingMessageId(from, randomBytes(12).toString('hex'));
  const subject = renderTemplate(subjectText, values);
  const text = renderTemplate(bodyText, values);
  const date = new Date();
  await transport.sendMail({
    from: { name: actor.name, address: from },
    to,
    cc: input.cc,
    subject,
    text,
    messageId,
    date,
    ...(input.automatic ? { headers: { 'Auto-Submitted': 'auto-generated' } } : {}),
    attachments: attachments.map((a) => ({ filename: a.name, content: a.content, contentType: a.mediaType })),
  });
  transport.close();
  const email: EmailInput = {
    messageId,
    messageIdSynthesized: false,
    inReplyTo: null,
    references: [],
    subject,
    from: { address: from, name: actor.name },
    to: to.map((address) => ({ address, name: null })),
    cc: (input.cc ?? []).map((address) => ({ address, name: null })),
    date,
    html: null,
    text,
    attachments,
  };
  const targets: RecordRef[] = [input.record];
  if (input.record.recordType === 'lead' && partnerId) targets.push({ recordType: 'partner', recordId: partnerId });
  // The sender is "me" for filing (direction outbound, never-log of the other participants).
  const sender = { ...actor, email: normalizeEmail(from) };
  try {
    const prepared = await prepareEmail(sender, services.blobs, email);
    const filed = await inUnitOfWork(services.sequelize, (tx) =>
      fileEmail({ actor: sender, sequelize: services.sequelize, tx, blobs: services.blobs }, prepared, targets),
    );
    return { messageId, storedMessageId: filed.message.id, to, via };
  } catch (err) {
    // Sent to a never-logged address only: the mail is out, but it is not the CRM's to keep.
    if (err instanceof NeverLogError) return { messageId, storedMessageId: null, to, via };
    throw err;
  }
}

async function attachedDocuments(record: RecordRef, ids: number[]): Promise<DocumentRecord[]> {
  if (!ids.length) return [];
  const found = await DocumentRecord.findAll({
    where: { id: { [Op.in]: ids }, recordType: record.recordType, recordId: record.recordId },
  });
  const missing = ids.filter((id) => !found.some((d) => d.id === id));
  if (missing.length)
    throw new ValidationError(`Documents ${missing.join(', ')} are not on this record`, {
      documentIds: [`Not documents of ${record.recordType} ${record.recordId}: ${missing.join(', ')}`],
    });
  return ids.map((id) => found.find((d) => d.id === id)!);
}
