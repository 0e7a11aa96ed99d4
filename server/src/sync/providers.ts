import path from 'node:path';
import type { SyncProvider } from '@akte/sync-engine';

/** A collection on the remote account that a user can choose (an address book, a calendar, a task list). */
export interface RemoteCollectionInfo {
  href: string;
  kind: 'contacts' | 'events' | 'tasks';
  displayName: string;
  /** The first of its kind the server lists: what `sync-connect` chooses when told nothing. */
  isDefault?: boolean;
}

export interface AccountProvider extends SyncProvider {
  listCollections(): Promise<RemoteCollectionInfo[]>;
}

export interface AccountCredentials {
  serverUrl: string;
  username: string;
  password: string;
}

export type ProviderFactory = (credentials: AccountCredentials) => Promise<AccountProvider>;

/**
 * The providers an account can name, by `sync_accounts.provider`. The server depends on the provider contract only
 * (Cal.com's one Calendar interface per integration); `dav` is sync-engine/src/providers/dav, loaded when an account
 * first needs it. Tests register an in-memory provider under their own name.
 */
const DAV_MODULE = path.join(__dirname, '../../../sync-engine/src/providers/dav');

const factories = new Map<string, ProviderFactory>([
  [
    'dav',
    async (credentials) => {
      const dav = (await import(DAV_MODULE)) as { createDavProvider(options: AccountCredentials): AccountProvider };
      return dav.createDavProvider(credentials);
    },
  ],
]);

export function registerProvider(name: string, factory: ProviderFactory): void {
  factories.set(name, factory);
}

export function knownProviders(): string[] {
  return [...factories.keys()];
}

export function providerFactory(name: string): ProviderFactory | undefined {
  return factories.get(name);
}
