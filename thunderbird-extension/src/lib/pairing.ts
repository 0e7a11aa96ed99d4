import { DialogClosedError } from '../../../core/src/filing-client/host';
import { codeFromLanding } from '../../../core/src/filing-client/connection';

/**
 * The pairing window: the server's connect page (/addin/connect?client=thunderbird) in a popup window. After
 * sign-in the server redirects to its landing page /addin/connected.html?code=… (the only redirect it allows);
 * the background's tabs.onUpdated listener sees the tab arrive there — the extension holds the server origin as a
 * host permission, so it may read that tab's URL — closes the window and hands the code to the shared controller.
 */
interface Waiting {
  tabId: number;
  windowId: number;
  landing: string;
  resolve: (message: string) => void;
  reject: (err: Error) => void;
}

let waiting: Waiting | null = null;

export async function openConnectWindow(url: string): Promise<string> {
  const landing = new URL(url).searchParams.get('redirect') ?? '';
  const window = await messenger.windows.create({ type: 'popup', url, width: 520, height: 720 });
  const tabId = window.tabs?.[0]?.id;
  if (window.id === undefined || tabId === undefined) throw new Error('The connect window did not open');
  waiting?.reject(new DialogClosedError());
  return new Promise((resolve, reject) => {
    waiting = { tabId, windowId: window.id!, landing, resolve, reject };
  });
}

/** The tab of the pairing window, for the test build's form filling. */
export function connectTabId(): number | null {
  return waiting?.tabId ?? null;
}

/** tabs.onUpdated, registered at the top of background.ts. */
export function onConnectTabUpdated(tabId: number, url: string | undefined): void {
  if (!waiting || tabId !== waiting.tabId || !url) return;
  const result = codeFromLanding(url, waiting.landing);
  if (!result) return;
  const done = waiting;
  waiting = null;
  void messenger.windows.remove(done.windowId).catch(() => undefined);
  done.resolve(JSON.stringify(result));
}

/** tabs.onRemoved: the user closed the window before finishing. */
export function onConnectTabRemoved(tabId: number): void {
  if (!waiting || tabId !== waiting.tabId) return;
  const done = waiting;
  waiting = null;
  done.reject(new DialogClosedError());
}
