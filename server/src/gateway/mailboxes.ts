import { normalizeEmail } from '@akte/core';
import { Op, Transaction, WhereOptions } from 'sequelize';
import type { Actor } from '../access/actor';
import { assertCanConfigure, isAdmin } from '../access/policy';
import type { DomainContext } from '../domain/context';
import { NotFoundError, ValidationError } from '../domain/errors';
import { Team } from '../domain/users/model';
import type { ServerKey } from '../secrets/server-key';
import { sealMailboxPassword } from './credentials';
import { CheckReport, GatewayFolder, GatewayMailbox, MailboxKind, PrivacyLevel } from './model';

export interface MailboxInput {
  kind: MailboxKind;
  /** Team mailboxes: the team whose leads the alias makes. */
  teamId?: number | null;
  /** The mailbox's address; a personal mailbox defaults to the user's own. */
  address?: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  password: string;
  privacy?: PrivacyLevel;
  folders?: string[] | null;
}

export type MailboxPatch = Partial<
  Pick<MailboxInput, 'host' | 'port' | 'tls' | 'username' | 'password' | 'privacy' | 'folders'>
> & {
  enabled?: boolean;
};

/** What the API shows of a mailbox: never the password, sealed or not. */
export interface MailboxDto {
  id: number;
  kind: MailboxKind;
  teamId: number | null;
  ownerUserId: number;
  address: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  privacy: PrivacyLevel;
  folders: string[] | null;
  enabled: boolean;
  status: {
    state: 'new' | 'ok' | 'error';
    lastCheckAt: string | null;
    lastError: string | null;
    lastReport: CheckReport | null;
    takenTotal: number;
    skippedTotal: number;
  };
  cursors: Array<{ folder: string; uidValidity: string | null; lastUid: number; highestModseq: string | null }>;
}

/**
 * Who sees a mailbox: administrators every one; a user their personal mailboxes and the team mailboxes of their
 * teams (read-only). Anything else is a 404: a mailbox's existence is not revealed.
 */
function mailboxScope(actor: Actor): WhereOptions {
  if (isAdmin(actor)) return {};
  return {
    [Op.or]: [
      { kind: 'personal', ownerUserId: actor.userId },
      { kind: 'team', teamId: { [Op.in]: actor.teamIds.length ? actor.teamIds : [-1] } },
    ],
  };
}

export async function findVisibleMailbox(actor: Actor, id: number, tx?: Transaction): Promise<GatewayMailbox> {
  const mailbox = await GatewayMailbox.findOne({ where: { [Op.and]: [{ id }, mailboxScope(actor)] }, transaction: tx });
  if (!mailbox) throw new NotFoundError('Mailbox', id);
  return mailbox;
}

/** A mailbox the actor may change: their own personal one; team mailboxes are the administrators'. */
async function findChangeableMailbox(actor: Actor, id: number, tx: Transaction): Promise<GatewayMailbox> {
  const mailbox = await findVisibleMailbox(actor, id, tx);
  if (mailbox.kind === 'team') assertCanConfigure(actor, 'team');
  return mailbox;
}

export async function listMailboxes(actor: Actor): Promise<MailboxDto[]> {
  const rows = await GatewayMailbox.findAll({ where: mailboxScope(actor), order: [['id', 'ASC']] });
  return Promise.all(rows.map((m) => mailboxDto(m)));
}

export async function createMailbox(ctx: DomainContext, key: ServerKey, input: MailboxInput): Promise<GatewayMailbox> {
  let teamId: number | null = null;
  if (input.kind === 'team') {
    assertCanConfigure(ctx.actor, 'team');
    if (!input.teamId)
      throw new ValidationError('A team mailbox needs a team', { teamId: ['Required for a team mailbox'] });
    if (!(await Team.findByPk(input.teamId, { transaction: ctx.tx })))
      throw new ValidationError(`Team ${input.teamId} does not exist`, {
        teamId: [`Team ${input.teamId} does not exist`],
      });
    if (!input.address)
      throw new ValidationError('A team mailbox needs its address', { address: ['Required for a team mailbox'] });
    teamId = input.teamId;
  }
  const address = normalizeEmail(input.address ?? ctx.actor.email);
  if (!address) throw new ValidationError('Invalid address', { address: ['Not an email address'] });
  return GatewayMailbox.create(
    {
      kind: input.kind,
      teamId,
      ownerUserId: ctx.actor.userId,
      address,
      host: input.host,
      port: input.port,
      tls: input.tls,
      username: input.username,
      passwordSealed: sealMailboxPassword(key, input.password),
      // A team mailbox is the company's: it always keeps everything (privacy.ts).
      privacy: input.kind === 'team' ? 'full' : (input.privacy ?? 'metadata'),
      folders: input.folders ?? null,
      nextCheckAt: new Date(),
    },
    { transaction: ctx.tx },
  );
}

export async function updateMailbox(
  ctx: DomainContext,
  key: ServerKey,
  id: number,
  patch: MailboxPatch,
): Promise<GatewayMailbox> {
  const mailbox = await findChangeableMailbox(ctx.actor, id, ctx.tx);
  const { password, folders, privacy, ...plain } = patch;
  const changes: Partial<GatewayMailbox> = { ...plain };
  if (password !== undefined) changes.passwordSealed = sealMailboxPassword(key, password);
  if (folders !== undefined) changes.folders = folders && folders.length ? folders : null;
  if (privacy !== undefined && mailbox.kind === 'personal') changes.privacy = privacy;
  // New credentials or folders: check soon, and show the old error no longer.
  if (password !== undefined || patch.host !== undefined || patch.username !== undefined || folders !== undefined)
    Object.assign(changes, { nextCheckAt: new Date(), status: 'new', lastError: null });
  await mailbox.update(changes, { transaction: ctx.tx });
  return mailbox;
}

export async function deleteMailbox(ctx: DomainContext, id: number): Promise<void> {
  const mailbox = await findChangeableMailbox(ctx.actor, id, ctx.tx);
  await GatewayFolder.destroy({ where: { mailboxId: id }, transaction: ctx.tx });
  await mailbox.destroy({ transaction: ctx.tx });
}

export async function mailboxDto(m: GatewayMailbox, tx?: Transaction): Promise<MailboxDto> {
  const folders = await GatewayFolder.findAll({ where: { mailboxId: m.id }, order: [['id', 'ASC']], transaction: tx });
  return {
    id: m.id,
    kind: m.kind,
    teamId: m.teamId,
    ownerUserId: m.ownerUserId,
    address: m.address,
    host: m.host,
    port: m.port,
    tls: Boolean(m.tls),
    username: m.username,
    privacy: m.privacy,
    folders: m.folders,
    enabled: Boolean(m.enabled),
    status: {
      state: m.status,
      lastCheckAt: m.lastCheckAt ? m.lastCheckAt.toISOString() : null,
      lastError: m.lastError,
      lastReport: m.lastReport,
      takenTotal: m.takenTotal,
      skippedTotal: m.skippedTotal,
    },
    cursors: folders.map((f) => ({
      folder: f.path,
      uidValidity: f.uidValidity,
      lastUid: f.lastUid,
      highestModseq: f.highestModseq,
    })),
  };
}
