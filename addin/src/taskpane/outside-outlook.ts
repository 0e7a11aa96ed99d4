import type { StringKey, Translate } from '../../../core/src/filing-client/i18n';
import type { HostReadiness } from '../office/office-ready';
import { h } from '../../../core/src/filing-client/render/dom';

/**
 * What the pane says when it is not in Outlook (office/office-ready.ts): what the page is, why it cannot work here,
 * and how to install the add-in, with the manifest this server renders for itself.
 */
export interface OutsideOutlookView {
  /** Why it cannot work here, beyond "this is not Outlook", or null for a plain browser. */
  reason: { key: StringKey; params?: Record<string, string | number> } | null;
  manifestUrl: string;
}

/** Pure. `serverUrl` is the Akte server the pane was loaded from. */
export function outsideOutlookView(
  readiness: Exclude<HostReadiness, { kind: 'outlook' }>,
  serverUrl: string,
): OutsideOutlookView {
  const manifestUrl = `${serverUrl.replace(/\/+$/, '')}/addin/manifest.xml`;
  if (readiness.kind === 'noOfficeJs') return { reason: { key: 'outsideNoOfficeJs' }, manifestUrl };
  if (readiness.kind === 'noAnswer') {
    return { reason: { key: 'outsideNoAnswer', params: { seconds: readiness.seconds } }, manifestUrl };
  }
  if (readiness.host) return { reason: { key: 'outsideOtherHost', params: { host: readiness.host } }, manifestUrl };
  return { reason: null, manifestUrl };
}

export function renderOutsideOutlook(root: HTMLElement, view: OutsideOutlookView, t: Translate): void {
  root.setAttribute('data-state', 'outsideOutlook');
  root.replaceChildren(
    h(
      'section',
      { class: 'message' },
      h('h2', {}, t('outsideOutlookTitle')),
      h('p', {}, t('outsideOutlookText')),
      view.reason && h('p', { class: 'notice info', role: 'status' }, t(view.reason.key, view.reason.params)),
      h('h3', {}, t('installTitle')),
      h('p', { class: 'manifest' }, t('manifestLabel'), ' ', h('a', { href: view.manifestUrl }, view.manifestUrl)),
      h('p', {}, t('installForEveryone')),
      h('p', {}, t('installForYourself')),
      h('button', { type: 'button', 'data-action': 'reload' }, t('reload')),
    ),
  );
}
