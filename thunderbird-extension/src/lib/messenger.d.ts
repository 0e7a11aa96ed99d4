/**
 * The part of Thunderbird's MailExtension API (messenger.*) the extension uses, typed by hand from
 * https://webextension-api.thunderbird.net (128 ESR, Manifest V3): no maintained type package covers Thunderbird.
 */
declare namespace messenger {
  namespace accounts {
    interface MailAccount {
      id: string;
      type: string;
      name: string;
    }
    function list(): Promise<MailAccount[]>;
  }
  interface Listener<A extends unknown[]> {
    addListener(fn: (...args: A) => unknown): void;
    removeListener(fn: (...args: A) => unknown): void;
  }
  namespace folders {
    interface MailFolder {
      id: string;
      accountId: string;
      path: string;
      specialUse?: string[];
    }
    function query(info: Record<string, unknown>): Promise<MailFolder[]>;
  }
  namespace messages {
    interface MessageHeader {
      id: number;
      subject: string;
      author: string;
      recipients: string[];
      ccList: string[];
      date: Date | string;
      headerMessageId: string;
      folder?: { id: string; accountId: string; path: string };
    }
    interface MessageList {
      id: string | null;
      messages: MessageHeader[];
    }
    interface MessagePart {
      contentType?: string;
      headers?: Record<string, string[]>;
      name?: string;
      size?: number;
      partName?: string;
      parts?: MessagePart[];
    }
    interface MessageAttachment {
      contentType: string;
      name: string;
      partName: string;
      size: number;
    }
    function get(id: number): Promise<MessageHeader>;
    function getFull(id: number): Promise<MessagePart>;
    function getRaw(id: number, options: { data_format: 'File' }): Promise<File>;
    function continueList(listId: string): Promise<MessageList>;
    function list(folderId: string): Promise<MessageList>;
    function listAttachments(id: number): Promise<MessageAttachment[]>;
    function query(info: Record<string, unknown>): Promise<MessageList>;
  }
  namespace messageDisplay {
    function getDisplayedMessage(tabId: number): Promise<messages.MessageHeader | null>;
  }
  namespace messageDisplayAction {
    function setTitle(details: { title: string }): Promise<void>;
  }
  namespace menus {
    interface OnClickData {
      menuItemId: string | number;
      selectedMessages?: messages.MessageList;
    }
    function create(props: Record<string, unknown>, callback?: () => void): string | number;
    function removeAll(): Promise<void>;
    const onClicked: Listener<[OnClickData, tabs.Tab?]>;
  }
  namespace tabs {
    interface Tab {
      id?: number;
      windowId?: number;
      url?: string;
      status?: string;
    }
    function query(info: Record<string, unknown>): Promise<Tab[]>;
    function create(props: { url: string; active?: boolean }): Promise<Tab>;
    function remove(tabId: number): Promise<void>;
    const onUpdated: Listener<[number, { url?: string; status?: string }, Tab]>;
    const onRemoved: Listener<[number, unknown]>;
  }
  namespace windows {
    interface Window {
      id?: number;
      tabs?: tabs.Tab[];
    }
    function create(props: Record<string, unknown>): Promise<Window>;
    function remove(windowId: number): Promise<void>;
    function openDefaultBrowser(url: string): Promise<void>;
  }
  namespace storage {
    const local: {
      get(keys: string | string[] | null): Promise<Record<string, unknown>>;
      set(items: Record<string, unknown>): Promise<void>;
      remove(keys: string | string[]): Promise<void>;
    };
    const onChanged: Listener<[Record<string, { oldValue?: unknown; newValue?: unknown }>, string]>;
  }
  namespace runtime {
    const id: string;
    function sendMessage(message: unknown): Promise<unknown>;
    function openOptionsPage(): Promise<void>;
    function getURL(path: string): string;
    const onMessage: Listener<[unknown, unknown]>;
    const onInstalled: Listener<[unknown]>;
    const onStartup: Listener<[]>;
  }
  namespace permissions {
    interface Permissions {
      origins?: string[];
      permissions?: string[];
    }
    function contains(p: Permissions): Promise<boolean>;
    function request(p: Permissions): Promise<boolean>;
    const onAdded: Listener<[Permissions]>;
  }
  namespace i18n {
    function getUILanguage(): string;
    function getMessage(name: string, substitutions?: string[]): string;
  }
  namespace compose {
    interface SendInfo {
      messages: messages.MessageHeader[];
      mode: string;
      error?: string;
    }
    const onAfterSend: Listener<[tabs.Tab, SendInfo]> | undefined;
  }
  namespace scripting {
    function executeScript(injection: {
      target: { tabId: number };
      func: (...args: never[]) => unknown;
      args?: unknown[];
    }): Promise<Array<{ result?: unknown }>>;
  }
}
