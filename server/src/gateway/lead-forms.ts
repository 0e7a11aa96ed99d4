import { randomBytes } from 'node:crypto';
import type { DomainContext } from '../domain/context';
import { assertCanConfigure } from '../access/policy';
import { NotFoundError, ValidationError } from '../domain/errors';
import { Team } from '../domain/users/model';
import { GatewayLeadForm } from './lead-form-model';
import { formSnippet } from './form-snippet';
import type { FormLocale } from './form-texts';
import type { Config } from '../config';
import { GatewaySmtpAccount } from './model';

export interface LeadFormInput {
  teamId: number;
  name: string;
  allowedOrigins?: string[];
  minFillSeconds?: number;
  maxPerIpHour?: number;
  enabled?: boolean;
  /** Send the visitor a confirmation email (needs an SMTP account to send with). */
  confirmationEmail?: boolean;
}

/** An origin as browsers send it (RFC 6454 §6.1): scheme://host[:port], nothing else. */
export function canonicalOrigin(raw: string): string | null {
  try {
    const url = new URL(raw.trim());
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

function originsOf(raw: string[]): string[] {
  const bad = raw.filter((o) => !canonicalOrigin(o));
  if (bad.length)
    throw new ValidationError(`Not an origin (https://host[:port]): ${bad.join(', ')}`, {
      allowedOrigins: [`Not an origin: ${bad.join(', ')}`],
    });
  return [...new Set(raw.map((o) => canonicalOrigin(o)!))];
}

export interface LeadFormDto {
  id: number;
  teamId: number;
  name: string;
  publicUrl: string;
  allowedOrigins: string[];
  minFillSeconds: number;
  maxPerIpHour: number;
  enabled: boolean;
  confirmationEmail: boolean;
  /** The HTML to paste into a web page, German and English. */
  snippet: Record<FormLocale, string>;
  /** The JSON variant: POST this URL with Content-Type application/json. */
  jsonUrl: string;
}

export function leadFormDto(form: GatewayLeadForm, publicUrl: string): LeadFormDto {
  const url = `${publicUrl}/forms/${form.publicKey}`;
  return {
    id: form.id,
    teamId: form.teamId,
    name: form.name,
    publicUrl: url,
    allowedOrigins: form.allowedOrigins,
    minFillSeconds: form.minFillSeconds,
    maxPerIpHour: form.maxPerIpHour,
    enabled: Boolean(form.enabled),
    confirmationEmail: Boolean(form.confirmationEmail),
    snippet: { de: formSnippet(url, 'de'), en: formSnippet(url, 'en') },
    jsonUrl: url,
  };
}

/** Web-to-lead forms are configured by administrators (like teams); everyone else gets 403 on writes, 404 on reads. */
export async function createLeadForm(
  ctx: DomainContext,
  input: LeadFormInput,
  config: Pick<Config, 'smtpUrl'>,
): Promise<GatewayLeadForm> {
  assertCanConfigure(ctx.actor, 'team');
  if (input.confirmationEmail) await assertCanConfirm(ctx, config, ctx.actor.userId);
  if (!(await Team.findByPk(input.teamId, { transaction: ctx.tx })))
    throw new ValidationError(`Team ${input.teamId} does not exist`, {
      teamId: [`Team ${input.teamId} does not exist`],
    });
  return GatewayLeadForm.create(
    {
      publicKey: randomBytes(16).toString('base64url'),
      teamId: input.teamId,
      name: input.name,
      allowedOrigins: originsOf(input.allowedOrigins ?? []),
      minFillSeconds: input.minFillSeconds ?? 3,
      maxPerIpHour: input.maxPerIpHour ?? 10,
      enabled: input.enabled ?? true,
      confirmationEmail: input.confirmationEmail ?? false,
      createdById: ctx.actor.userId,
    },
    { transaction: ctx.tx },
  );
}

export async function updateLeadForm(
  ctx: DomainContext,
  id: number,
  patch: Partial<LeadFormInput>,
  config: Pick<Config, 'smtpUrl'>,
): Promise<GatewayLeadForm> {
  assertCanConfigure(ctx.actor, 'team');
  const form = await GatewayLeadForm.findByPk(id, { transaction: ctx.tx });
  if (!form) throw new NotFoundError('Lead form', id);
  if (patch.confirmationEmail) await assertCanConfirm(ctx, config, form.createdById);
  const { allowedOrigins, ...rest } = patch;
  await form.update(
    { ...rest, ...(allowedOrigins ? { allowedOrigins: originsOf(allowedOrigins) } : {}) },
    { transaction: ctx.tx },
  );
  return form;
}

/**
 * A confirmation is sent as the form's creator sends mail (send-mail.ts): through their own SMTP account or the
 * server-wide one. Without either it could never go out: refused when switched on, not discovered per visitor.
 */
async function assertCanConfirm(ctx: DomainContext, config: Pick<Config, 'smtpUrl'>, senderId: number): Promise<void> {
  if (config.smtpUrl) return;
  if (await GatewaySmtpAccount.findOne({ where: { userId: senderId }, transaction: ctx.tx })) return;
  throw new ValidationError('A confirmation email needs an SMTP account to send with', {
    confirmationEmail: [
      'No SMTP account: set the server-wide one (AKTE_SMTP_URL), or the form creator their own (PUT /api/v1/mail/smtp-account)',
    ],
  });
}

export async function deleteLeadForm(ctx: DomainContext, id: number): Promise<void> {
  assertCanConfigure(ctx.actor, 'team');
  const deleted = await GatewayLeadForm.destroy({ where: { id }, transaction: ctx.tx });
  if (!deleted) throw new NotFoundError('Lead form', id);
}
