import sanitizeHtml from 'sanitize-html';

/**
 * The one gate every e-mail HTML body passes before it is stored (messages.body_html is "already sanitized").
 *
 * Strict allow-list: formatting and tables survive; scripts, event handlers, forms, frames, <style>/<link>/<meta>/
 * <base> and every attribute not listed are removed. Nothing in the result loads a remote resource when shown:
 * `http(s)` image sources are moved to `data-remote-src` (a viewer may offer "load remote images" — tracking
 * pixels stay dormant until then), CSS is limited to properties whose values cannot contain `url(` or
 * `expression(`, and only inline `data:` images and `cid:` references (parts of the same message) stay in `src`.
 * Links keep http(s)/mailto/tel targets and open in a new tab with rel="noopener noreferrer nofollow".
 */
const safeCssValue = /^(?!.*(?:url|expression|image-set|-webkit-image-set)\s*\()(?!.*javascript:)[^<>{}\\]*$/i;

const styleProperties = [
  'color',
  'background-color',
  'font',
  'font-family',
  'font-size',
  'font-style',
  'font-weight',
  'line-height',
  'text-align',
  'text-decoration',
  'text-indent',
  'text-transform',
  'vertical-align',
  'white-space',
  'letter-spacing',
  'margin',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-color',
  'border-style',
  'border-width',
  'border-collapse',
  'border-spacing',
  'border-radius',
  'width',
  'max-width',
  'min-width',
  'height',
  'max-height',
  'min-height',
  'display',
  'list-style-type',
];

const options: sanitizeHtml.IOptions = {
  allowedTags: [
    ...sanitizeHtml.defaults.allowedTags.filter((tag) => tag !== 'nav'),
    'img',
    'font',
    'center',
    'del',
    'ins',
    'strike',
    'tt',
    'big',
  ],
  disallowedTagsMode: 'discard',
  // Contents of these are code or metadata, not text a reader should see.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head'],
  allowedAttributes: {
    '*': ['style', 'dir', 'lang', 'title', 'align', 'valign'],
    a: ['href', 'name', 'target', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'data-remote-src'],
    font: ['color', 'face', 'size'],
    table: ['border', 'cellpadding', 'cellspacing', 'width', 'bgcolor'],
    td: ['colspan', 'rowspan', 'width', 'height', 'bgcolor', 'nowrap'],
    th: ['colspan', 'rowspan', 'width', 'height', 'bgcolor', 'nowrap'],
    tr: ['bgcolor'],
    col: ['span', 'width'],
    colgroup: ['span', 'width'],
    ol: ['start', 'type'],
    li: ['value'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['data', 'cid'] },
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
  allowProtocolRelative: false,
  allowedStyles: { '*': Object.fromEntries(styleProperties.map((p) => [p, [safeCssValue]])) },
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, target: '_blank', rel: 'noopener noreferrer nofollow' },
    }),
    img: (tagName, attribs) => {
      const { src = '', ...rest } = attribs;
      if (/^\s*data:image\/(png|jpe?g|gif|webp);base64,/i.test(src) || /^\s*cid:/i.test(src)) {
        return { tagName, attribs: { ...rest, src } };
      }
      // A remote (or protocol-relative) image would be fetched when the email is shown: a tracking pixel.
      return { tagName, attribs: /^\s*(https?:)?\/\//i.test(src) ? { ...rest, 'data-remote-src': src.trim() } : rest };
    },
  },
};

export function sanitizeEmailHtml(html: string): string {
  return sanitizeHtml(html, options).trim();
}
