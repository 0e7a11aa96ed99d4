import type { RecordKind, SyncDirection } from '@akte/sync-engine';
import type { Actor } from '../access/actor';
import { Calendar } from '../domain/calendar/model';
import { ensurePersonalCalendar } from '../domain/calendar/calendars';
import { inUnitOfWork } from '../db/unit-of-work';
import { BadRequestError, NotFoundError, RefusedError, ValidationError } from '../domain/errors';
import type { ServerKey } from '../secrets/server-key';
import { openAccountPassword, sealAccountPassword } from './account-secret';
import { SYNCED_KINDS } from './crm';
import { assertScopeKept, scopeColumnsOf, type ScopeChoice } from './collection-scope';
import { SyncAccount, SyncCollection } from './model';
import { knownProviders, providerFactory, type AccountProvider, type RemoteCollectionInfo } from './providers';

/**
 * Connected accounts and their chosen collections, for the REST API, the CLI and the workers. An account belongs to
 * the user who connected it: nobody else — not even an administrator — sees it, its collections or its password
 * (out of scope answers 404, like every record a user may not see). The password is sealed on the way in and
 * opened only to talk to the remote.
 */
export interface ConnectInput {
  provider: string;
  serverUrl: string;
  username: string;
  password: string;
}

export interface AccountDto {
  id: number;
  provider: string;
  serverUrl: string;
  username: string;
  status: string;
  createdAt: string;
}

export function accountDto(account: SyncAccount): AccountDto {
  return {
    id: account.id,
    provider: account.provider,
    serverUrl: account.serverUrl,
    username: account.username,
    status: account.status,
    createdAt: new Date(account.createdAt).toISOString(),
  };
}

export async function connectAccount(key: ServerKey, actor: Actor, input: ConnectInput): Promise<SyncAccount> {
  if (!providerFactory(input.provider)) {
    throw new ValidationError(`Invalid request body: provider: unknown provider ${input.provider}`, {
      provider: [`Expected one of ${knownProviders().join(', ')}`],
    });
  }
  return SyncAccount.create({
    ownerUserId: actor.userId,
    provider: input.provider,
    serverUrl: input.serverUrl,
    username: input.username,
    passwordSealed: sealAccountPassword(key, input.password),
  });
}

export function listAccounts(actor: Actor): Promise<SyncAccount[]> {
  return SyncAccount.findAll({ where: { ownerUserId: actor.userId }, order: [['id', 'ASC']] });
}

export async function findOwnAccount(actor: Actor, id: number): Promise<SyncAccount> {
  const account = await SyncAccount.findOne({ where: { id, ownerUserId: actor.userId } });
  if (!account) throw new NotFoundError('Sync account', id);
  return account;
}

export async function deleteAccount(actor: Actor, id: number): Promise<void> {
  const account = await findOwnAccount(actor, id);
  // Collections, links, conflicts and reviews go with it (ON DELETE CASCADE); the CRM records stay.
  await account.destroy();
}

/** The provider of an account, with its password opened for this use only. */
export async function providerOf(key: ServerKey, account: SyncAccount): Promise<AccountProvider> {
  const factory = providerFactory(account.provider);
  if (!factory) throw new RefusedError('unknown_provider', `The provider ${account.provider} is not available`);
  return factory({
    serverUrl: account.serverUrl,
    username: account.username,
    password: openAccountPassword(key, account.passwordSealed),
  });
}

/** What the remote offers; a remote that cannot be reached or refuses the credentials is the caller's 4xx. */
export async function remoteCollections(key: ServerKey, account: SyncAccount): Promise<RemoteCollectionInfo[]> {
  const provider = await providerOf(key, account);
  try {
    return await provider.listCollections();
  } catch (err) {
    throw new RefusedError(
      'remote_unavailable',
      `The remote server did not list its collections: ${(err as Error).message}`,
    );
  }
}

const KIND_OF: Record<RemoteCollectionInfo['kind'], RecordKind> = {
  contacts: 'contact',
  events: 'event',
  tasks: 'task',
};

/** `scope`/`tagId`: which partners an address book holds (collection-scope.ts). */
export interface CollectionChoice extends ScopeChoice {
  href: string;
  kind: RemoteCollectionInfo['kind'];
  direction: SyncDirection;
  displayName?: string | null;
}

/** Where the owner's CRM side of a kind lives: events go to the owner's personal calendar. */
async function crmScopeFor(actor: Actor, kind: RecordKind): Promise<string | null> {
  if (kind !== 'event') return null;
  await ensurePersonalCalendar(actor);
  const calendar = await Calendar.findOne({
    where: { ownerUserId: actor.userId, teamId: null },
    order: [['id', 'ASC']],
  });
  return String(calendar!.id);
}

const choiceKey = (href: string, kind: string): string => `${kind} ${href}`;

/** The direction chosen for an offered remote collection (href and kind), null when it is not synced. */
export function chosenDirection(
  rows: readonly SyncCollection[],
  offered: Pick<RemoteCollectionInfo, 'href' | 'kind'>,
): SyncDirection | null {
  const row = rows.find((r) => r.remoteHref === offered.href && r.kind === KIND_OF[offered.kind]);
  return (row?.direction as SyncDirection | undefined) ?? null;
}

/**
 * Makes the account's synced collections exactly `choices`: new ones start with a first sync (due now), kept ones
 * keep their state (a changed direction applies from the next round), dropped ones go with their links. Checked
 * first, then written in one unit of work with the account's row locked: a failure leaves the previous choice
 * whole, and two choices at the same moment take turns instead of both creating the same collection (a 409 for a
 * PUT sent twice).
 */
export async function chooseCollections(
  actor: Actor,
  account: SyncAccount,
  choices: CollectionChoice[],
): Promise<SyncCollection[]> {
  // A calendar holding events and to-dos may be chosen once per kind (RFC 4791 §5.2.3): each kind's collection has
  // its own cursor and links and passes over the other's components.
  const chosen = new Set<string>();
  for (const [i, choice] of choices.entries()) {
    const key = choiceKey(choice.href, KIND_OF[choice.kind]);
    if (chosen.has(key))
      throw new BadRequestError(`collections.${i}: ${choice.href} is chosen twice as ${choice.kind}`);
    chosen.add(key);
    if (!SYNCED_KINDS.includes(KIND_OF[choice.kind]))
      throw new ValidationError(`Invalid request body: collections.${i}.kind: ${choice.kind} cannot be synced yet`, {
        [`collections.${i}.kind`]: [`Expected one of ${SYNCED_KINDS.join(', ')}`],
      });
  }
  const scopes = await Promise.all(
    choices.map((choice, i) => scopeColumnsOf(KIND_OF[choice.kind], choice, `collections.${i}`)),
  );
  // Before the unit of work: it may make the owner's personal calendar, a write of its own.
  const crmScopes = await Promise.all(choices.map((choice) => crmScopeFor(actor, KIND_OF[choice.kind])));
  return inUnitOfWork(SyncCollection.sequelize!, async (transaction) => {
    await SyncAccount.findByPk(account.id, { transaction, lock: transaction.LOCK.UPDATE, attributes: ['id'] });
    const existing = await SyncCollection.findAll({ where: { accountId: account.id }, transaction });
    for (const [i, choice] of choices.entries()) {
      const row = existing.find((r) => r.remoteHref === choice.href && r.kind === KIND_OF[choice.kind]);
      if (row) assertScopeKept(row, choice, scopes[i], `collections.${i}`);
    }
    for (const row of existing)
      if (!chosen.has(choiceKey(row.remoteHref, row.kind))) await row.destroy({ transaction });
    const byChoice = new Map(existing.map((row) => [choiceKey(row.remoteHref, row.kind), row]));
    const kept: SyncCollection[] = [];
    for (const [i, choice] of choices.entries()) {
      const kind = KIND_OF[choice.kind];
      const row = byChoice.get(choiceKey(choice.href, kind));
      if (row) {
        const changes = { direction: choice.direction, displayName: choice.displayName ?? row.displayName };
        kept.push(await row.update(changes, { transaction }));
        continue;
      }
      const created = {
        accountId: account.id,
        remoteHref: choice.href,
        displayName: choice.displayName ?? null,
        kind,
        direction: choice.direction,
        crmScope: crmScopes[i],
        ...scopes[i],
        nextRunAt: new Date(),
      };
      kept.push(await SyncCollection.create(created, { transaction }));
    }
    return kept;
  });
}

export function collectionsOf(account: SyncAccount): Promise<SyncCollection[]> {
  return SyncCollection.findAll({ where: { accountId: account.id }, order: [['id', 'ASC']] });
}

/** A run asked for by a person: every collection of the account is due now (a failure backoff no longer holds). */
export async function requestRun(account: SyncAccount): Promise<void> {
  await SyncCollection.update({ nextRunAt: new Date(), throttleUntil: null }, { where: { accountId: account.id } });
}
