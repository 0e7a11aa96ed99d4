/** Which mail client pairs: the server names the token after it ("Thunderbird on …"). */
export type PairingClient = 'outlook' | 'thunderbird';

/** The add-in's connection to one Akte server: where, with which token, as whom. */
export interface Connection {
  serverUrl: string;
  token: string | null;
  account: { name: string; email: string } | null;
}

export interface ConnectionStore {
  load(): Connection | null;
  save(connection: Connection): void;
}

const KEY = 'akte.connection';

/** The part of the Web Storage API the store uses (window.localStorage in the Outlook pane). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/**
 * localStorage of the add-in's origin. Not Office roaming settings: the token belongs to this device ("Outlook on
 * …"), and roaming it would put one device's token on every other.
 */
export function localConnectionStore(storage: KeyValueStorage): ConnectionStore {
  return {
    load() {
      try {
        const parsed = JSON.parse(storage.getItem(KEY) ?? 'null') as Connection | null;
        return parsed && typeof parsed.serverUrl === 'string' ? parsed : null;
      } catch {
        return null;
      }
    },
    save(connection) {
      storage.setItem(KEY, JSON.stringify(connection));
    },
  };
}

export function memoryConnectionStore(
  initial: Connection | null = null,
): ConnectionStore & { current: Connection | null } {
  const store = {
    current: initial,
    load: () => store.current,
    save: (c: Connection) => {
      store.current = c;
    },
  };
  return store;
}

/**
 * The URL the connect page sends the code back to: the add-in's own landing page on the same server, the only
 * redirect the server accepts (filing/pairing-code.ts isAllowedRedirect). Outlook's dialog page posts the code to
 * the pane (messageParent); Thunderbird watches its connect tab arrive there and reads the code from the URL.
 */
export function connectUrl(serverUrl: string, deviceName: string, client: PairingClient = 'outlook'): string {
  const base = serverUrl.replace(/\/+$/, '');
  const query = new URLSearchParams({
    device: deviceName,
    client,
    redirect: `${base}/addin/connected.html`,
  });
  return `${base}/addin/connect?${query}`;
}

/** What the landing page sends through messageParent. */
export type DialogResult = { code: string } | { error: string };

export function parseDialogMessage(message: string): DialogResult {
  try {
    const parsed = JSON.parse(message) as Partial<{ code: unknown; error: unknown }>;
    if (typeof parsed.code === 'string' && parsed.code) return { code: parsed.code };
    if (typeof parsed.error === 'string') return { error: parsed.error };
  } catch {
    // fall through
  }
  return { error: 'invalid_response' };
}

/**
 * Thunderbird reads the pairing result from the landing page's URL (…/addin/connected.html?code=… or ?error=…):
 * null while the tab is anywhere else (the connect page itself, a failed sign-in).
 */
export function codeFromLanding(url: string, landing: string): DialogResult | null {
  let parsed: URL;
  let expected: URL;
  try {
    parsed = new URL(url);
    expected = new URL(landing);
  } catch {
    return null;
  }
  if (parsed.origin !== expected.origin || parsed.pathname !== expected.pathname) return null;
  const code = parsed.searchParams.get('code');
  if (code) return { code };
  return { error: parsed.searchParams.get('error') || 'invalid_response' };
}
