/**
 * A filed message's body as a page of its own, for the back office to frame (`<iframe sandbox src=…>`). The HTML was
 * sanitized on arrival (domain/messages/sanitize-html.ts); this page is the second wall should anything slip
 * through: its own Content-Security-Policy runs no script at all, loads nothing but inline data: images (no remote
 * image, font or stylesheet: no tracking pixel), and sandboxes the document (CSP3 `sandbox`, HTML's iframe sandbox
 * flags: an opaque origin, no scripts, no forms, no top navigation) even when it is opened outside the frame.
 * Only the app itself may frame it (`frame-ancestors 'self'`). Inline styles stay allowed: they are the e-mail's
 * formatting, and the sanitizer already removed every CSS value that could load something (`url(`).
 * Links may open in a new tab (`allow-popups…`): the sanitizer gave every one `target=_blank rel=noopener`. Pure.
 */
export const MESSAGE_BODY_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
  'sandbox allow-popups allow-popups-to-escape-sandbox',
].join('; ');

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page: the sanitized HTML as it is, or else the plain text (escaped, wrapped as a mail client shows it). */
export function messageBodyPage(message: { bodyHtml: string | null; bodyText: string | null }): string {
  const body =
    message.bodyHtml ?? `<pre style="white-space: pre-wrap; font: inherit">${escapeHtml(message.bodyText ?? '')}</pre>`;
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    '<meta name="color-scheme" content="light">' +
    `</head><body style="margin: 8px; font-family: system-ui, sans-serif; font-size: 14px">${body}</body></html>`
  );
}
