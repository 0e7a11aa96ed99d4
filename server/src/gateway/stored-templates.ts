import { Op, Transaction, WhereOptions } from 'sequelize';
import type { Actor } from '../access/actor';
import { isAdmin } from '../access/policy';
import type { DomainContext } from '../domain/context';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../domain/errors';
import { Team, User } from '../domain/users/model';
import { GatewayMailTemplate } from './mail-template-model';
import { BUILTIN_TEMPLATES, MailTemplate, TemplateLocale, unknownPlaceholders } from './templates';

/**
 * Mail templates users store beside the built-in ones (issue #14): a user's own, or a team's. Who sees which:
 * everyone their own and those of the teams they are in (plus the built-in ones); an administrator also every
 * team's, as they configure teams. Whoever sees a stored template may change and delete it; anything else is a 404
 * (a template's existence is not revealed), and a team template for a team one is not in is a 403.
 */
export interface StoredTemplateInput {
  name: string;
  locale: TemplateLocale;
  subject: string;
  body: string;
  /** A team's template (the actor must be in the team, or an administrator); without: the actor's own. */
  teamId?: number | null;
}

export interface StoredTemplateDto {
  id: number;
  name: string;
  locale: TemplateLocale;
  subject: string;
  body: string;
  scope: 'own' | 'team';
  teamId: number | null;
  createdById: number;
  updatedAt: string;
}

export function storedTemplateDto(t: GatewayMailTemplate): StoredTemplateDto {
  return {
    id: t.id,
    name: t.name,
    locale: t.locale,
    subject: t.subject,
    body: t.body,
    scope: t.teamId === null ? 'own' : 'team',
    teamId: t.teamId,
    createdById: t.createdById,
    updatedAt: t.updatedAt.toISOString(),
  };
}

function templateScope(actor: Actor): WhereOptions {
  const teams = isAdmin(actor)
    ? { teamId: { [Op.ne]: null } }
    : { teamId: { [Op.in]: actor.teamIds.length ? actor.teamIds : [-1] } };
  return { [Op.or]: [{ ownerUserId: actor.userId }, teams] };
}

export async function listStoredTemplates(actor: Actor): Promise<GatewayMailTemplate[]> {
  return GatewayMailTemplate.findAll({
    where: templateScope(actor),
    order: [
      ['name', 'ASC'],
      ['locale', 'ASC'],
      ['id', 'ASC'],
    ],
  });
}

export async function findVisibleTemplate(actor: Actor, id: number, tx?: Transaction): Promise<GatewayMailTemplate> {
  const found = await GatewayMailTemplate.findOne({
    where: { [Op.and]: [{ id }, templateScope(actor)] },
    transaction: tx,
  });
  if (!found) throw new NotFoundError('Mail template', id);
  return found;
}

/** A template whose subject or body names a placeholder nobody fills is refused by name (it would go out as text). */
function assertKnownPlaceholders(input: { subject?: string; body?: string }): void {
  const fields: Record<string, string[]> = {};
  const names = new Set<string>();
  for (const field of ['subject', 'body'] as const) {
    const unknown = input[field] === undefined ? [] : unknownPlaceholders(input[field]);
    unknown.forEach((n) => names.add(n));
    if (unknown.length) fields[field] = [`Unknown placeholders: ${unknown.map((n) => `{{${n}}}`).join(', ')}`];
  }
  if (names.size) throw new ValidationError(`Unknown placeholders: ${[...names].join(', ')}`, fields);
}

async function assertTeamAllowed(ctx: DomainContext, teamId: number): Promise<void> {
  if (!(await Team.findByPk(teamId, { transaction: ctx.tx })))
    throw new ValidationError(`Team ${teamId} does not exist`, { teamId: [`Team ${teamId} does not exist`] });
  if (!isAdmin(ctx.actor) && !ctx.actor.teamIds.includes(teamId))
    throw new ForbiddenError(`Only members of team ${teamId} may store its templates`, 'not_team_member');
}

/**
 * One template per owner (user or team), name and language: a second would make sending by name a guess. No unique
 * index can say it (the other owner column is NULL), so the writers of one owner take turns on the owner's row —
 * MariaDB's row lock; SQLite's writers take turns anyway — and the clash is read as committed (a locking read), not
 * as the transaction's snapshot: two requests at the same moment both found the name free and both stored it.
 */
async function assertNameFree(
  ctx: DomainContext,
  owner: { ownerUserId: number | null; teamId: number | null },
  name: string,
  locale: TemplateLocale,
  exceptId?: number,
): Promise<void> {
  const lock = { transaction: ctx.tx, lock: ctx.tx.LOCK.UPDATE };
  if (owner.teamId !== null) await Team.findByPk(owner.teamId, { ...lock, attributes: ['id'] });
  else await User.findByPk(owner.ownerUserId!, { ...lock, attributes: ['id'] });
  const clash = await GatewayMailTemplate.findOne({
    where: { ...owner, name, locale, ...(exceptId ? { id: { [Op.ne]: exceptId } } : {}) },
    ...lock,
  });
  if (clash)
    throw new ConflictError(
      `A template "${name}" (${locale}) exists already: template ${clash.id}`,
      'template_exists',
      {
        templateId: clash.id,
      },
    );
}

export async function createStoredTemplate(
  ctx: DomainContext,
  input: StoredTemplateInput,
): Promise<GatewayMailTemplate> {
  assertKnownPlaceholders(input);
  const teamId = input.teamId ?? null;
  if (teamId !== null) await assertTeamAllowed(ctx, teamId);
  const owner = { ownerUserId: teamId === null ? ctx.actor.userId : null, teamId };
  await assertNameFree(ctx, owner, input.name, input.locale);
  return GatewayMailTemplate.create(
    {
      ...owner,
      name: input.name,
      locale: input.locale,
      subject: input.subject,
      body: input.body,
      createdById: ctx.actor.userId,
    },
    { transaction: ctx.tx },
  );
}

export async function updateStoredTemplate(
  ctx: DomainContext,
  id: number,
  patch: Partial<Omit<StoredTemplateInput, 'teamId'>>,
): Promise<GatewayMailTemplate> {
  const template = await findVisibleTemplate(ctx.actor, id, ctx.tx);
  assertKnownPlaceholders(patch);
  if (patch.name !== undefined || patch.locale !== undefined)
    await assertNameFree(
      ctx,
      { ownerUserId: template.ownerUserId, teamId: template.teamId },
      patch.name ?? template.name,
      patch.locale ?? template.locale,
      id,
    );
  await template.update(patch, { transaction: ctx.tx });
  return template;
}

export async function deleteStoredTemplate(ctx: DomainContext, id: number): Promise<void> {
  const template = await findVisibleTemplate(ctx.actor, id, ctx.tx);
  await template.destroy({ transaction: ctx.tx });
}

/**
 * The template a mail is sent with: a stored one by id (as the actor sees it), or by name in this order — the actor's
 * own, their teams' (lowest team id first), the built-in one — in the language asked for.
 */
export async function resolveTemplate(
  actor: Actor,
  ref: { templateId?: number; template?: string },
  locale: TemplateLocale,
): Promise<MailTemplate | undefined> {
  if (ref.templateId !== undefined) return findVisibleTemplate(actor, ref.templateId);
  if (ref.template === undefined) return undefined;
  const stored = await GatewayMailTemplate.findAll({
    where: { [Op.and]: [{ name: ref.template, locale }, templateScope(actor)] },
    order: [['id', 'ASC']],
  });
  const own = stored.find((t) => t.ownerUserId === actor.userId);
  const team = stored
    .filter((t) => t.teamId !== null && actor.teamIds.includes(t.teamId))
    .sort((a, b) => a.teamId! - b.teamId!)[0];
  const found = own ?? team ?? BUILTIN_TEMPLATES[ref.template]?.[locale];
  if (found) return found;
  const known = [
    ...new Set([
      ...Object.keys(BUILTIN_TEMPLATES),
      ...(await listStoredTemplates(actor)).map((t) => `${t.name} (${t.locale})`),
    ]),
  ];
  throw new ValidationError(`Unknown template "${ref.template}" in ${locale}`, {
    template: [`Known templates: ${known.join(', ')}`],
  });
}
