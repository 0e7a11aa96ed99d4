import { renderVCard, type ContactFields } from '@akte/core';
import { MemoryRemote, type MemoryRemoteOptions } from '../../../sync-engine/support/memory-remote';
import type { TestEnv, TestUserKey } from '../../../support/test-env';
import { actorForUser } from '../../../../server/src/domain/users/actors';
import { User } from '../../../../server/src/domain/users/model';
import { serverKeyOf } from '../../../../server/src/secrets/server-key';
import { chooseCollections, connectAccount } from '../../../../server/src/sync/accounts';
import { registerProvider, type AccountProvider } from '../../../../server/src/sync/providers';
import type { SyncCollection } from '../../../../server/src/sync/model';

/**
 * Test support for the server side of the sync engine: accounts whose provider is the engine's in-memory remote
 * (one collection per account), connected through the same service the REST API and CLI use.
 */
const remotes = new Map<string, { book: MemoryRemote; calendar: MemoryRemote }>();

registerProvider('memory', async ({ serverUrl }) => {
  const served = remotes.get(serverUrl);
  if (!served) throw new Error(`no memory remote at ${serverUrl}`);
  // Two collections: the address book and the calendar, told apart by their path.
  const of = (href: string) => (href.includes('/cal/') ? served.calendar : served.book);
  return {
    name: 'memory',
    listCollections: async () => [
      { href: `${serverUrl}/book/`, kind: 'contacts', displayName: 'Book', isDefault: true },
      { href: `${serverUrl}/cal/`, kind: 'events', displayName: 'Calendar', isDefault: true },
    ],
    listChanges: (collection, request) => of(collection.href).listChanges(collection, request),
    fetch: (collection, hrefs) => of(collection.href).fetch(collection, hrefs),
    create: (collection, request) => of(collection.href).create(collection, request),
    update: (href, body, type, ifMatch) => of(href).update(href, body, type, ifMatch),
    delete: (href, ifMatch) => of(href).delete(href, ifMatch),
  } satisfies AccountProvider;
});

let served = 0;

/** An address book (`remote`) and a calendar reachable as provider 'memory' at a fresh URL. */
export function memoryRemote(options: MemoryRemoteOptions = {}): {
  remote: MemoryRemote;
  calendar: MemoryRemote;
  url: string;
} {
  const url = `http://remote-${++served}.memory.test`;
  const remote = new MemoryRemote(options);
  const calendar = new MemoryRemote(options);
  remotes.set(url, { book: remote, calendar });
  return { remote, calendar, url };
}

/** Connects a memory account for `user` and chooses its one collection of `kind`, two-way. */
export async function connectMemory(
  env: TestEnv,
  user: TestUserKey,
  kind: 'contacts' | 'events',
  options: MemoryRemoteOptions = {},
): Promise<{ remote: MemoryRemote; collection: SyncCollection; url: string }> {
  const { remote: book, calendar, url } = memoryRemote(options);
  const remote = kind === 'contacts' ? book : calendar;
  const actor = await actorForUser((await User.findByPk(env.users[user].id))!);
  const account = await connectAccount(serverKeyOf(env.services.config), actor, {
    provider: 'memory',
    serverUrl: url,
    username: 'u',
    password: 'secret-password',
  });
  const [collection] = await chooseCollections(actor, account, [
    { href: `${url}/${kind === 'contacts' ? 'book' : 'cal'}/`, kind, direction: 'two-way' },
  ]);
  return { remote, collection, url };
}

export function card(uid: string, fields: Partial<ContactFields> & { name: string }): string {
  return renderVCard(
    {
      isCompany: false,
      company: null,
      jobTitle: null,
      emails: [],
      phones: [],
      addresses: [],
      notes: null,
      tags: [],
      website: null,
      birthday: null,
      ...fields,
    },
    uid,
  );
}

export function meeting(uid: string, title: string, extra: string[] = []): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//test//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    'DTSTART:20260310T090000Z',
    'DTEND:20260310T100000Z',
    `SUMMARY:${title}`,
    ...extra,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
