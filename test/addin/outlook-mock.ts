import { OfficeMockObject } from 'office-addin-mock';

// office-addin-mock needs only the host names from office-addin-manifest, whose import chain ends in an ESM-only
// package (strip-bom) that jest cannot require on Node 20. The names, as office-addin-manifest defines them:
jest.mock('office-addin-manifest', () => ({
  OfficeApp: {
    Excel: 'excel',
    OneNote: 'onenote',
    Outlook: 'outlook',
    PowerPoint: 'powerpoint',
    Project: 'project',
    Word: 'word',
  },
}));

/**
 * An Outlook read-mode host for unit tests, built with office-addin-mock (host 'outlook': values are plain, no
 * load/sync). Async methods follow Office's callback contract: `callback({ status, value, error })`.
 */
export interface AsyncOutcome<T> {
  value?: T;
  error?: { code: number; message: string };
}

export const ok = <T>(value: T): AsyncOutcome<T> => ({ value });
export const fail = (code: number, message = 'failed'): AsyncOutcome<never> => ({ error: { code, message } });

export function asyncResult<T>(outcome: AsyncOutcome<T>) {
  return outcome.error
    ? { status: 'failed', error: outcome.error, value: undefined }
    : { status: 'succeeded', value: outcome.value };
}

/** A method that answers each call with the next outcome (the last one repeats) and counts its calls. */
export function asyncMethod<T>(...outcomes: Array<AsyncOutcome<T>>) {
  const fn = (...args: unknown[]) => {
    const callback = args[args.length - 1] as (r: unknown) => void;
    const outcome = outcomes[Math.min(fn.calls.length, outcomes.length - 1)];
    fn.calls.push(args.slice(0, -1));
    setTimeout(() => callback(asyncResult(outcome)), 0);
  };
  fn.calls = [] as unknown[][];
  return fn;
}

export interface MockOptions {
  supported?: string[];
  item?: Record<string, unknown> | null;
  displayLanguage?: string;
  mailbox?: Record<string, unknown>;
  ui?: Record<string, unknown>;
}

export const RAW_EML =
  'From: Kim Kunde <kim@kunde.example>\r\nTo: otto@akte.example\r\nSubject: Angebot\r\nMessage-ID: <m1@kunde.example>\r\n\r\nHallo\r\n';

export function readItem(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    itemType: 'message',
    itemId: 'AAMk-1',
    internetMessageId: '<m1@kunde.example>',
    subject: 'Angebot',
    from: { emailAddress: 'kim@kunde.example', displayName: 'Kim Kunde' },
    to: [{ emailAddress: 'otto@akte.example', displayName: 'Otto Eigen' }],
    cc: [],
    dateTimeCreated: new Date('2025-03-04T10:00:00Z'),
    attachments: [],
    getAsFileAsync: asyncMethod(ok(Buffer.from(RAW_EML).toString('base64'))),
    getAllInternetHeadersAsync: asyncMethod(
      ok(
        'Subject: Angebot\r\nIn-Reply-To: <m0@akte.example>\r\nReferences: <root@akte.example>\r\n <m0@akte.example>\r\n',
      ),
    ),
    body: { getAsync: asyncMethod(ok('<p>Hallo</p>')) },
    getAttachmentContentAsync: asyncMethod(ok({ format: 'base64', content: '' })),
    ...overrides,
  };
}

/** The mock mirrors Office's dynamic object graph; tests reach into it freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OfficeMock = Record<string, any>;

/** Installs `Office` as a global and returns the mock. */
export function installOutlook(options: MockOptions = {}): OfficeMock {
  const supported = new Set(options.supported ?? ['1.1', '1.5', '1.8', '1.13', '1.14', '1.15']);
  const data = {
    host: 'outlook',
    context: {
      displayLanguage: options.displayLanguage ?? 'de-DE',
      diagnostics: { platform: 'OfficeOnline' },
      requirements: { isSetSupported: (name: string, version: string) => name === 'Mailbox' && supported.has(version) },
      mailbox: {
        item: options.item === undefined ? readItem() : (options.item ?? {}),
        userProfile: { emailAddress: 'otto@akte.example' },
        addHandlerAsync: () => undefined,
        getSelectedItemsAsync: asyncMethod(ok([])),
        ...options.mailbox,
      },
      ui: { ...options.ui },
    },
    CoercionType: { Html: 'html', Text: 'text' },
    EventType: {
      ItemChanged: 'olkItemSelectedChanged',
      SelectedItemsChanged: 'olkSelectedItemsChanged',
      DialogMessageReceived: 'dialogMessageReceived',
      DialogEventReceived: 'dialogEventReceived',
    },
    MailboxEnums: {
      ItemType: { Message: 'message', Appointment: 'appointment' },
      AttachmentContentFormat: { Base64: 'base64', Url: 'url', Eml: 'eml', ICalendar: 'iCalendar' },
    },
  };
  const office = new OfficeMockObject(data) as unknown as OfficeMock;
  // office-addin-mock turns every object into a mock object; "no item open" is a plain null in Outlook.
  if (options.item === null) office.context.mailbox.item = null;
  (globalThis as Record<string, unknown>).Office = office;
  return office;
}
