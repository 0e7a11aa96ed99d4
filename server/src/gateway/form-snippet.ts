import { formTexts, FormLocale } from './form-texts';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The embeddable HTML of a lead form: a plain `<form>` posting to Akte (works without CORS: a navigation), the
 * honeypot field hidden from people, and a one-line script that stamps the time the form was shown and copies the
 * page's UTM parameters and referrer into hidden fields. Pure.
 */
export function formSnippet(actionUrl: string, locale: FormLocale): string {
  const t = formTexts[locale];
  const id = `akte-form-${actionUrl.split('/').pop()}`;
  const field = (name: string, label: string, type = 'text', required = false) =>
    `  <label>${escapeHtml(label)}<br><input name="${name}" type="${type}"${required ? ' required' : ''} maxlength="200"></label><br>`;
  return [
    `<form id="${escapeHtml(id)}" action="${escapeHtml(actionUrl)}" method="post" accept-charset="utf-8">`,
    field('name', t.name, 'text', true),
    field('email', t.email, 'email', true),
    field('phone', t.phone, 'tel'),
    field('company', t.company),
    field('subject', t.subject),
    `  <label>${escapeHtml(t.message)}<br><textarea name="message" maxlength="5000" rows="5"></textarea></label><br>`,
    `  <div style="position:absolute;left:-10000px" aria-hidden="true"><label>${escapeHtml(t.honeypotLabel)}<input name="website" tabindex="-1" autocomplete="off"></label></div>`,
    ...['_started', 'utm_source', 'utm_medium', 'utm_campaign', 'referrer'].map(
      (n) => `  <input type="hidden" name="${n}">`,
    ),
    `  <button type="submit">${escapeHtml(t.send)}</button>`,
    '</form>',
    `<script>(function(f,q){f._started.value=Date.now();['utm_source','utm_medium','utm_campaign'].forEach(function(k){f[k].value=q.get(k)||''});f.referrer.value=location.href})(document.getElementById(${JSON.stringify(id)}),new URLSearchParams(location.search))</script>`,
  ].join('\n');
}

/** A small page around a message (the answer to a posted HTML form). */
export function formAnswerPage(title: string, lines: string[], locale: FormLocale): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${lines
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('')}</body></html>`;
}

/** The form on a page of its own (GET /forms/<key>): for a link, or to try the form out. */
export function formPage(title: string, snippet: string, locale: FormLocale): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${snippet}</body></html>`;
}
