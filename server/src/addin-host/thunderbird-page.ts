import { createHash } from 'node:crypto';

/**
 * GET /addin/thunderbird — how to install the Thunderbird add-on and set up contacts & calendar (server-rendered,
 * German and English, no script). Pure: the route decides the locale and whether the .xpi is built.
 */
export type PageLocale = 'de' | 'en';

interface PageInput {
  locale: PageLocale;
  /** AKTE_PUBLIC_URL without a trailing slash. */
  publicUrl: string;
  /** Whether the server has the built .xpi (`npm run build:thunderbird`, which `npm start` does when it is missing). */
  built: boolean;
}

const strings = {
  de: {
    title: 'Akte für Thunderbird',
    intro:
      'Das Add-on legt E-Mails samt Anhängen in Thunderbird (ab Version 128) bei Leads, Verkaufschancen und Kontakten ab.',
    download: 'Add-on herunterladen (akte-thunderbird.xpi)',
    notBuilt:
      'Das Add-on ist auf diesem Server noch nicht gebaut. Ein Administrator baut es mit „npm run build:thunderbird“.',
    installTitle: 'Installieren',
    install: [
      'Laden Sie die Datei herunter.',
      'In Thunderbird: Add-ons und Themes → Zahnrad-Menü → „Add-on aus Datei installieren…“ → die heruntergeladene Datei wählen → „Hinzufügen“.',
    ],
    connectTitle: 'Verbinden',
    connect: (url: string) =>
      `Add-ons-Verwaltung → Akte → Einstellungen: Serveradresse ${url} eintragen und „Verbinden“ klicken. Thunderbird fragt, ob das Add-on diesen Server erreichen darf; danach melden Sie sich auf der Seite an, die sich öffnet.`,
    davTitle: 'Kontakte und Kalender (CardDAV/CalDAV)',
    dav: 'In den Einstellungen des Add-ons zeigt „Kontakte & Kalender einrichten“ die Adresse und legt ein Gerätepasswort an. In Thunderbird: Adressbuch → Neues Adressbuch → CardDAV-Adressbuch hinzufügen; Kalender → Neuer Kalender → Im Netzwerk. Benutzername ist Ihre E-Mail-Adresse.',
    davAddress: 'CardDAV/CalDAV-Adresse:',
  },
  en: {
    title: 'Akte for Thunderbird',
    intro:
      'The add-on files emails with their attachments on leads, opportunities and contacts from Thunderbird (version 128 or later).',
    download: 'Download the add-on (akte-thunderbird.xpi)',
    notBuilt:
      'The add-on is not built on this server yet. An administrator builds it with “npm run build:thunderbird”.',
    installTitle: 'Install',
    install: [
      'Download the file.',
      'In Thunderbird: Add-ons and Themes → gear menu → “Install Add-on From File…” → choose the downloaded file → “Add”.',
    ],
    connectTitle: 'Connect',
    connect: (url: string) =>
      `Add-ons Manager → Akte → Options: enter the server address ${url} and click “Connect”. Thunderbird asks to let the add-on reach this server; then sign in on the page that opens.`,
    davTitle: 'Contacts and calendar (CardDAV/CalDAV)',
    dav: 'In the add-on’s options, “Set up contacts & calendar” shows the address and creates a device password. In Thunderbird: Address Book → New Address Book → Add CardDAV Address Book; Calendar → New Calendar → On the Network. The user name is your email address.',
    davAddress: 'CardDAV/CalDAV address:',
  },
} as const;

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:24px;color:#1b1b1b;background:#f6f6f6}
main{max-width:560px;margin:0 auto;background:#fff;padding:24px;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.3rem;margin-top:0}h2{font-size:1.05rem;margin-top:20px}code{background:#f0f0f0;padding:1px 4px;border-radius:3px}
.download{display:inline-block;padding:8px 16px;background:#0f6cbd;color:#fff;border-radius:4px;text-decoration:none}
.error{color:#a4262c;background:#fde7e9;padding:8px;border-radius:4px}`;

/** Nothing may load or run except the hashed inline style; links are plain navigation. */
export const THUNDERBIRD_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderThunderbirdPage(input: PageInput): string {
  const t = strings[input.locale];
  const davUrl = `${input.publicUrl}/dav/`;
  const download = input.built
    ? `<p><a class="download" href="thunderbird.xpi" download>${escapeHtml(t.download)}</a></p>`
    : `<p class="error" role="alert">${escapeHtml(t.notBuilt)}</p>`;
  return `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(t.intro)}</p>${download}
<h2>${escapeHtml(t.installTitle)}</h2><ol>${t.install.map((step) => `<li>${escapeHtml(step)}</li>`).join('')}</ol>
<h2>${escapeHtml(t.connectTitle)}</h2><p>${escapeHtml(t.connect(input.publicUrl))}</p>
<h2 id="dav">${escapeHtml(t.davTitle)}</h2><p>${escapeHtml(t.dav)}</p>
<p>${escapeHtml(t.davAddress)} <code>${escapeHtml(davUrl)}</code></p>
</main></body></html>`;
}
