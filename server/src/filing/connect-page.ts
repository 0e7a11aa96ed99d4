import { createHash } from 'node:crypto';

/**
 * The add-in's login and consent page (server-rendered, German and English). It runs without any script, so the
 * Content-Security-Policy forbids scripts altogether; the one inline style block is allowed by its hash.
 */
export type PageLocale = 'de' | 'en';

const strings = {
  de: {
    title: 'Akte verbinden',
    intro: (client: string, device: string) =>
      `${client} auf „${device}“ möchte auf Ihr Akte-Konto zugreifen: E-Mails ablegen, Kontakte und Leads nachschlagen und anlegen.`,
    token:
      'Dafür wird ein persönlicher API-Token angelegt, den Sie jederzeit unter Einstellungen → Tokens widerrufen können.',
    email: 'E-Mail-Adresse',
    password: 'Passwort',
    connect: 'Anmelden und verbinden',
    cancel: 'Abbrechen',
    badLogin: 'E-Mail-Adresse oder Passwort ist falsch.',
    badForm: 'Das Formular ist abgelaufen. Bitte versuchen Sie es erneut.',
    badRedirect: 'Diese Verbindungsanfrage kommt nicht vom Akte-Add-in dieses Servers und wurde abgelehnt.',
    badDevice: 'Der Gerätename fehlt oder ist ungültig.',
    tooManyAttempts:
      'Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie einige Minuten und versuchen Sie es dann erneut.',
  },
  en: {
    title: 'Connect Akte',
    intro: (client: string, device: string) =>
      `${client} on “${device}” wants to access your Akte account: file emails, look up and create contacts and leads.`,
    token: 'A personal API token will be created for it; you can revoke it at any time under Settings → Tokens.',
    email: 'Email address',
    password: 'Password',
    connect: 'Sign in and connect',
    cancel: 'Cancel',
    badLogin: 'The email address or password is wrong.',
    badForm: 'The form has expired. Please try again.',
    badRedirect: 'This connection request does not come from this server’s Akte add-in and was rejected.',
    badDevice: 'The device name is missing or invalid.',
    tooManyAttempts: 'Too many failed sign-in attempts. Please wait a few minutes and try again.',
  },
} as const;

export type PageError = 'badLogin' | 'badForm' | 'badRedirect' | 'badDevice' | 'tooManyAttempts';

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;padding:24px;color:#1b1b1b;background:#f6f6f6}
main{max-width:420px;margin:0 auto;background:#fff;padding:24px;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.3rem;margin-top:0}label{display:block;margin-top:12px;font-weight:600}
input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:8px;margin-top:4px;font-size:1rem}
.error{color:#a4262c;background:#fde7e9;padding:8px;border-radius:4px}.actions{margin-top:20px;display:flex;gap:12px;align-items:center}
button{padding:8px 16px;font-size:1rem;background:#0f6cbd;color:#fff;border:0;border-radius:4px;cursor:pointer}small{color:#555}`;

/** CSP for the page: nothing may load or run except the hashed inline style; the form may post only to us. */
export const CONNECT_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface ConnectPageInput {
  locale: PageLocale;
  deviceName: string;
  client: 'outlook' | 'thunderbird';
  redirect: string;
  csrfToken: string;
  email?: string;
  error?: PageError;
  cancelUrl: string;
}

export function renderConnectPage(input: ConnectPageInput): string {
  const t = strings[input.locale];
  const clientName = input.client === 'thunderbird' ? 'Thunderbird' : 'Outlook';
  const error = input.error ? `<p class="error" role="alert">${escapeHtml(t[input.error])}</p>` : '';
  return `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(t.title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(t.title)}</h1>${error}
<p>${escapeHtml(t.intro(clientName, input.deviceName))}</p><p><small>${escapeHtml(t.token)}</small></p>
<form method="post" action="connect" autocomplete="on">
<input type="hidden" name="csrf" value="${escapeHtml(input.csrfToken)}">
<input type="hidden" name="device" value="${escapeHtml(input.deviceName)}">
<input type="hidden" name="client" value="${escapeHtml(input.client)}">
<input type="hidden" name="redirect" value="${escapeHtml(input.redirect)}">
<label for="email">${escapeHtml(t.email)}</label><input id="email" name="email" type="email" required autocomplete="username" value="${escapeHtml(input.email ?? '')}">
<label for="password">${escapeHtml(t.password)}</label><input id="password" name="password" type="password" required autocomplete="current-password">
<div class="actions"><button type="submit">${escapeHtml(t.connect)}</button><a href="${escapeHtml(input.cancelUrl)}">${escapeHtml(t.cancel)}</a></div>
</form></main></body></html>`;
}

/** A page that only explains why the request was rejected (no form: nothing to submit). */
export function renderErrorPage(locale: PageLocale, error: PageError): string {
  const t = strings[locale];
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(t.title)}</title><style>${STYLE}</style></head>
<body><main><h1>${escapeHtml(t.title)}</h1><p class="error" role="alert">${escapeHtml(t[error])}</p></main></body></html>`;
}
