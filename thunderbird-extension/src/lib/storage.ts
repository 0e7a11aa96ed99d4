import type { Connection, ConnectionStore } from '../../../core/src/filing-client/connection';

/**
 * What the extension keeps, all in storage.local (never storage.sync: a token belongs to this device). MV3
 * backgrounds are stopped when idle, so nothing that must survive lives only in a variable.
 */
const CONNECTION = 'akte.connection';
const LOCAL_SETTINGS = 'akte.localSettings';

export interface LocalSettings {
  /** File sent mail on the records of known recipients (compose.onAfterSend). */
  autoFileSent: boolean;
}

export async function loadConnection(): Promise<Connection | null> {
  const stored = (await messenger.storage.local.get(CONNECTION))[CONNECTION] as Connection | undefined;
  return stored && typeof stored.serverUrl === 'string' ? stored : null;
}

/** The shared client's synchronous store over what was loaded; every save is written through. */
export function storageConnectionStore(initial: Connection | null): ConnectionStore {
  let current = initial;
  return {
    load: () => current,
    save(connection) {
      current = connection;
      void messenger.storage.local.set({ [CONNECTION]: connection });
    },
  };
}

export async function saveConnection(connection: Connection): Promise<void> {
  await messenger.storage.local.set({ [CONNECTION]: connection });
}

export async function loadLocalSettings(): Promise<LocalSettings> {
  const stored = (await messenger.storage.local.get(LOCAL_SETTINGS))[LOCAL_SETTINGS] as Partial<LocalSettings>;
  return { autoFileSent: stored?.autoFileSent === true };
}

export async function saveLocalSettings(settings: LocalSettings): Promise<void> {
  await messenger.storage.local.set({ [LOCAL_SETTINGS]: settings });
}

export const connectionKey = CONNECTION;
