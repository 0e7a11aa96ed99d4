import { AkteApiClient } from '../../../core/src/api-client';
import { FilingController } from '../../../core/src/filing-client/controller';
import type { Notice } from '../../../core/src/filing-client/state';
import { loadConnection, storageConnectionStore } from './storage';
import { ThunderbirdHost } from './thunderbird-host';

/**
 * Pairing and account actions the background runs with the shared controller (core/src/filing-client): the same
 * connect flow as Outlook's, with Thunderbird's connect window as the dialog.
 */
export async function connectInBackground(): Promise<{ connected: boolean; notice: Notice | null }> {
  const connection = await loadConnection();
  if (!connection?.serverUrl) return { connected: false, notice: { tone: 'error', key: 'errorOffline' } };
  const store = storageConnectionStore(connection);
  const controller = new FilingController({
    host: new ThunderbirdHost(null),
    store,
    defaultServerUrl: connection.serverUrl,
  });
  if (connection.token) controller.state = { kind: 'reconnect', notice: null };
  await controller.connect();
  const state = controller.state;
  const notice = state.kind === 'notConnected' || state.kind === 'reconnect' ? state.notice : null;
  return { connected: !!store.load()?.token, notice };
}

/**
 * "Set up contacts & calendar": a device password (a personal API token of its own, revocable on its own) and the
 * addresses for Thunderbird's CardDAV and CalDAV dialogs; both find their collections from /dav/ (RFC 6764).
 */
export async function createDavPassword(): Promise<{
  cardDav: string;
  calDav: string;
  user: string;
  password: string;
}> {
  const connection = await loadConnection();
  if (!connection?.token) throw new Error('Not connected');
  const api = new AkteApiClient({ baseUrl: connection.serverUrl, token: connection.token });
  const created = await api.createToken(`Thunderbird contacts & calendar on ${navigator.platform || 'Desktop'}`);
  const dav = `${connection.serverUrl.replace(/\/+$/, '')}/dav/`;
  return { cardDav: dav, calDav: dav, user: connection.account?.email ?? '', password: created.secret };
}
