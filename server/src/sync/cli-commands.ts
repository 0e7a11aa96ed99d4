import { z } from 'zod';
import type { RoundReport } from '@akte/sync-engine';
import { parseCommandOptions, printJsonLine, withServices, type CommandIo, type UsageOf } from '../cli-command';
import { actorForUser } from '../domain/users/actors';
import { User } from '../domain/users/model';
import { serverKeyOf } from '../secrets/server-key';
import { chooseCollections, collectionsOf, connectAccount, remoteCollections, requestRun } from './accounts';
import { listTags } from '../domain/pipeline/tags';
import type { ScopeChoice } from './collection-scope';
import { SyncAccount } from './model';
import { taskListBeside } from './default-task-list';
import type { RemoteCollectionInfo } from './providers';
import { createSyncRunner, runCollection } from './run-collection';

/**
 * `npm run akte -- sync-connect …` and `sync-run …` (issue #11), for operators and scripts. The CLI acts for the
 * user named by --email: the account is theirs, and its rounds read and write the CRM as them.
 */
export const SYNC_HELP = `  sync-connect --email USER --provider dav    Connect a remote account for a user and sync its default address
              --url URL --username N --password P  book, calendar and task list both ways; prints the account id
              [--scope all|mine|tag:NAME]          the address book holds every partner the user may see (all), those
                                                   whose salesperson they are (mine), or those tagged NAME
  sync-run --account ID                      One full round of every collection of the account (waits for a worker
                                             that holds one); prints one JSON line per side, CRM then remote:
                                             {"side":…,"created":…,"updated":…,"deleted":…,"conflicts":…,"errors":[…]}`;

const connectOptions = z.strictObject({
  email: z.email({ error: '--email must be an email address' }),
  provider: z.string({ error: '--provider is required' }).min(1),
  url: z.url({ protocol: /^https?$/, error: '--url must be an http(s) URL' }),
  username: z.string({ error: '--username is required' }).min(1),
  password: z.string({ error: '--password is required' }).min(1),
  scope: z
    .string()
    .regex(/^(all|mine|tag:.+)$/, { error: '--scope must be all, mine or tag:<tag name>' })
    .optional(),
});

/** `--scope` as the address book's choice; a tag is named as people know it, by its name (any case). */
async function scopeOption(scope: string | undefined, usage: UsageOf): Promise<ScopeChoice> {
  if (scope === undefined || scope === 'all' || scope === 'mine') return scope ? { scope } : {};
  const name = scope.slice('tag:'.length).trim();
  const tag = (await listTags(name)).find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (!tag) throw usage(`No tag named ${name}`);
  return { scope: 'tag', tagId: tag.id };
}

const runOptions = z.strictObject({
  account: z.coerce.number({ error: '--account is required' }).int().positive('--account must be an account id'),
});

/** The server's default of a kind, or else the first it lists. */
function defaultOf(offered: RemoteCollectionInfo[], kind: RemoteCollectionInfo['kind']) {
  const ofKind = offered.filter((c) => c.kind === kind);
  return ofKind.find((c) => c.isDefault) ?? ofKind[0];
}

export async function runSyncConnect(args: string[], io: CommandIo, usage: UsageOf): Promise<void> {
  const o = parseCommandOptions(
    connectOptions,
    args,
    ['email', 'provider', 'url', 'username', 'password', 'scope'],
    usage,
  );
  const id = await withServices(io.env, async (services) => {
    const user = await User.findOne({ where: { email: o.email.toLowerCase(), active: true } });
    if (!user) throw usage(`No active user with the email ${o.email}`);
    const actor = await actorForUser(user);
    const scope = await scopeOption(o.scope, usage);
    const key = serverKeyOf(services.config);
    const account = await connectAccount(key, actor, {
      provider: o.provider,
      serverUrl: o.url,
      username: o.username,
      password: o.password,
    });
    try {
      const offered = await remoteCollections(key, account);
      const calendar = defaultOf(offered, 'events');
      const chosen = [defaultOf(offered, 'contacts'), calendar, taskListBeside(offered, calendar)].filter(
        (c): c is RemoteCollectionInfo => c !== undefined,
      );
      if (!chosen.length) throw new Error('The remote account has neither an address book nor a calendar');
      await chooseCollections(
        actor,
        account,
        chosen.map((c) => ({
          href: c.href,
          kind: c.kind,
          direction: 'two-way',
          displayName: c.displayName,
          ...(c.kind === 'contacts' ? scope : {}),
        })),
      );
    } catch (err) {
      // Nothing half-connected stays behind.
      await account.destroy();
      throw err;
    }
    return account.id;
  });
  io.out(String(id));
}

interface SideLine {
  side: 'crm' | 'remote';
  created: number;
  updated: number;
  deleted: number;
  conflicts: number;
  errors: string[];
}

/** One round of every collection; false when any failed, tripped a guard or reported errors. */
export async function runSyncRun(args: string[], io: CommandIo, usage: UsageOf): Promise<boolean> {
  const o = parseCommandOptions(runOptions, args, ['account'], usage);
  const reports = await withServices(io.env, async (services) => {
    const account = await SyncAccount.findByPk(o.account);
    if (!account) throw usage(`No sync account ${o.account}`);
    await requestRun(account);
    const runner = createSyncRunner(services);
    const done: Array<RoundReport | { collectionId: string; failed: string }> = [];
    for (const collection of await collectionsOf(account)) {
      // Another worker may be in a round of it right now: wait for its lease to end, then run ours.
      const until = Date.now() + runner.leaseMs + 5_000;
      let report: RoundReport | null;
      for (;;) {
        report = await runCollection(runner, collection.id);
        if (report || Date.now() > until) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      done.push(report ?? { collectionId: String(collection.id), failed: 'another worker held the collection' });
    }
    return done;
  });
  const errors: string[] = [];
  const sides: Record<'crm' | 'remote', SideLine> = {
    crm: { side: 'crm', created: 0, updated: 0, deleted: 0, conflicts: 0, errors },
    remote: { side: 'remote', created: 0, updated: 0, deleted: 0, conflicts: 0, errors },
  };
  let ok = true;
  for (const report of reports) {
    if ('failed' in report) {
      errors.push(`collection ${report.collectionId}: ${report.failed}`);
      ok = false;
      continue;
    }
    for (const side of ['crm', 'remote'] as const) {
      sides[side].created += report[side].created;
      sides[side].updated += report[side].updated;
      sides[side].deleted += report[side].deleted;
      sides[side].conflicts += report.conflicts;
    }
    errors.push(...report.errors.map((e) => `collection ${report.collectionId}: ${e}`));
    if (report.status !== 'ok') {
      errors.push(`collection ${report.collectionId}: ${report.status}: ${report.lastError ?? ''}`.trim());
      ok = false;
    }
  }
  for (const side of ['crm', 'remote'] as const) printJsonLine(io, sides[side]);
  return ok && errors.length === 0;
}
