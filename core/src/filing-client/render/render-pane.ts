import type { Locale, Translate } from '../i18n';
import type { FilingController } from '../controller';
import { h } from './dom';
import type { Notice, ReadyState } from '../state';
import { candidates, Candidate, formatMoney, senderCard } from '../view-model';

/**
 * Draws the controller's state into the page. Every control carries `data-action` (and `data-key` for a record);
 * main.ts wires the events once by delegation, so re-rendering never re-binds handlers.
 */
export interface RenderContext {
  t: Translate;
  locale: Locale;
}

function noticeOf(notice: Notice | null, t: Translate): HTMLElement | null {
  if (!notice) return null;
  return h(
    'p',
    { class: `notice ${notice.tone}`, role: notice.tone === 'error' ? 'alert' : 'status' },
    t(notice.key, notice.params),
  );
}

function button(action: string, label: string, attrs: Record<string, string | boolean | undefined> = {}): HTMLElement {
  return h('button', { type: 'button', 'data-action': action, ...attrs }, label);
}

function message(title: string, text: string, ...extra: Array<HTMLElement | null>): HTMLElement {
  return h('section', { class: 'message' }, h('h2', {}, title), h('p', {}, text), ...extra);
}

export function renderPane(root: HTMLElement, controller: FilingController, ctx: RenderContext): void {
  const { t } = ctx;
  const focusedId = document.activeElement?.id ?? null;
  const caret = document.activeElement instanceof HTMLInputElement ? document.activeElement.selectionStart : null;
  const state = controller.state;
  root.setAttribute('data-state', controller.settings.open ? 'settings' : state.kind);
  let body: HTMLElement;
  if (controller.settings.open) body = settingsView(controller, ctx);
  else if (state.kind === 'loading') body = h('p', { class: 'loading', role: 'status' }, t('loading'));
  else if (state.kind === 'notConnected') {
    body = message(
      t('notConnectedTitle'),
      t('notConnectedText'),
      noticeOf(state.notice, t),
      button('connect', t('connect'), { class: 'primary' }),
    );
  } else if (state.kind === 'reconnect') {
    body = message(
      t('reconnectTitle'),
      t('reconnectText'),
      noticeOf(state.notice, t),
      button('connect', t('reconnect'), { class: 'primary' }),
    );
  } else if (state.kind === 'empty') {
    body = h('p', { class: 'empty' }, t(state.reason === 'neverLog' ? 'emptyNeverLog' : 'emptyNoItem'));
  } else if (state.kind === 'error') {
    body = message(t('errorTitle'), state.detail ?? t(state.key), button('retry', t('retry')));
  } else body = readyView(state, ctx);
  root.replaceChildren(body);
  if (focusedId) {
    const el = document.getElementById(focusedId);
    el?.focus();
    if (el instanceof HTMLInputElement && caret !== null) el.setSelectionRange(caret, caret);
  }
}

function readyView(state: ReadyState, ctx: RenderContext): HTMLElement {
  const { t } = ctx;
  const multi = state.selection.length > 1;
  const list = candidates(state);
  const fileLabel = multi ? t('fileSelected', { count: state.selection.length }) : t('file');
  return h(
    'div',
    { class: 'ready', 'aria-busy': state.busy ? 'true' : undefined },
    multi
      ? h('p', { class: 'selection' }, t('selectionCount', { count: state.selection.length }))
      : cardView(state, ctx),
    multi ? null : filedBadges(state, t),
    h('input', {
      id: 'search',
      type: 'search',
      class: 'search',
      'data-action': 'search',
      placeholder: t('searchPlaceholder'),
      value: state.search.query,
      autocomplete: 'off',
    }),
    state.search.query.length >= 2 && !state.search.busy && !state.search.partners.length && !state.search.leads.length
      ? h('p', { class: 'hint' }, t('searchNoResults'))
      : null,
    h('h3', {}, t('targetsTitle')),
    h('ul', { class: 'targets' }, ...list.map((c) => candidateView(c, ctx))),
    attachmentsView(state, t),
    state.progress
      ? h(
          'p',
          { class: 'progress', role: 'status' },
          t('filingProgress', { done: state.progress.done + state.progress.failed, total: state.progress.total }),
        )
      : null,
    noticeOf(state.notice, t),
    h(
      'div',
      { class: 'actions' },
      button('file', state.busy ? t('filing') : fileLabel, { class: 'primary', disabled: state.busy }),
      multi ? null : button('new-lead', t('newLead'), { disabled: state.busy }),
      multi ? null : button('new-contact', t('newContact'), { disabled: state.busy }),
      button('open-crm', t('openInCrm')),
    ),
    multi
      ? null
      : h(
          'div',
          { class: 'activity' },
          h('input', { id: 'activity-summary', type: 'text', placeholder: t('activitySummary'), maxlength: '255' }),
          button('log-activity', t('logActivity'), { disabled: state.busy }),
        ),
  );
}

/** The open message's attachments, each ticked unless the user leaves it out of the filing. */
function attachmentsView(state: ReadyState, t: Translate): HTMLElement | null {
  if (state.selection.length > 1 || !state.attachments.length) return null;
  return h(
    'fieldset',
    { class: 'attachments' },
    h('legend', {}, t('attachmentsTitle')),
    ...state.attachments.map((a) =>
      h(
        'label',
        { class: 'check' },
        h('input', {
          type: 'checkbox',
          'data-action': 'toggle-attachment',
          'data-name': a.name,
          checked: !state.skippedAttachments.includes(a.name),
          disabled: state.busy,
        }),
        `${a.name} (${Math.max(1, Math.round(a.size / 1024))} KB)`,
      ),
    ),
  );
}

function cardView(state: ReadyState, ctx: RenderContext): HTMLElement {
  const { t } = ctx;
  const card = senderCard(state);
  if (!card.partner)
    return h('section', { class: 'card unknown' }, h('p', {}, t('unknownSender', { address: card.address ?? '' })));
  const p = card.partner;
  const row = (label: string, value: string | null) =>
    value ? h('div', { class: 'row' }, h('dt', {}, label), h('dd', {}, value)) : null;
  return h(
    'section',
    { class: 'card', 'data-partner-id': String(p.id) },
    h('h2', {}, p.name),
    h(
      'dl',
      {},
      row(t('company'), card.companyName !== p.name ? card.companyName : null),
      row(t('phone'), p.phone),
      row(t('salesperson'), p.salespersonName),
    ),
    h('h3', {}, t('openOpportunities')),
    card.opportunities.length
      ? h(
          'ul',
          { class: 'opportunities' },
          ...card.opportunities.map((l) =>
            h(
              'li',
              {},
              h('span', { class: 'name' }, l.name),
              ' · ',
              l.stageName ?? t('noStage'),
              ' · ',
              formatMoney(l.expectedRevenue, l.currency, ctx.locale),
            ),
          ),
        )
      : h('p', { class: 'hint' }, t('noOpportunities')),
  );
}

function filedBadges(state: ReadyState, t: Translate): HTMLElement | null {
  const filed = state.lookup?.filed ?? [];
  if (!filed.length) return null;
  return h(
    'div',
    { class: 'badges' },
    ...filed.map((r) =>
      h(
        'span',
        { class: 'badge filed', 'data-filed': `${r.recordType}:${r.recordId}` },
        t('filedTo', { name: r.name }),
      ),
    ),
  );
}

function candidateView(c: Candidate, ctx: RenderContext): HTMLElement {
  const { t } = ctx;
  const kind = t(c.kind === 'partner' ? 'partner' : c.kind);
  const detail = [c.detail, c.revenue ? formatMoney(c.revenue.amount, c.revenue.currency, ctx.locale) : null]
    .filter(Boolean)
    .join(' · ');
  return h(
    'li',
    { 'data-key': c.key, class: c.filed ? 'filed' : undefined },
    h(
      'label',
      {},
      h('input', {
        type: 'checkbox',
        'data-action': 'toggle',
        'data-key': c.key,
        checked: c.selected || c.filed,
        disabled: c.filed,
      }),
      h('span', { class: 'kind' }, kind),
      h('span', { class: 'name' }, c.name),
      detail ? h('span', { class: 'detail' }, detail) : null,
      c.filed ? h('span', { class: 'badge filed' }, '✓') : null,
      c.suggested ? h('span', { class: 'badge suggested' }, t('suggestedThread')) : null,
    ),
  );
}

function settingsView(controller: FilingController, ctx: RenderContext): HTMLElement {
  const { t } = ctx;
  const { data, notice } = controller.settings;
  const account = controller.connection.account;
  return h(
    'form',
    { class: 'settings', 'data-action': 'save-settings' },
    h('h2', {}, t('settings')),
    h('label', { for: 'server-url' }, t('serverUrl')),
    h('input', {
      id: 'server-url',
      name: 'serverUrl',
      type: 'url',
      required: true,
      value: controller.connection.serverUrl,
    }),
    h(
      'p',
      { class: 'account' },
      `${t('account')}: `,
      account ? `${account.name} <${account.email}>` : t('notConnected'),
    ),
    h(
      'label',
      { class: 'check' },
      h('input', {
        id: 'auto-file',
        name: 'autoFileReplies',
        type: 'checkbox',
        checked: data?.autoFileReplies ?? false,
        disabled: !data,
      }),
      t('autoFileReplies'),
    ),
    h('label', { for: 'never-log' }, t('neverLog')),
    h('textarea', { id: 'never-log', name: 'neverLog', rows: '4', disabled: !data }, (data?.neverLog ?? []).join('\n')),
    data?.companyNeverLog.length
      ? h('p', { class: 'hint' }, `${t('companyNeverLog')}: ${data.companyNeverLog.join(', ')}`)
      : null,
    noticeOf(notice, t),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, t('save')),
      button('close-settings', t('back')),
      account ? button('disconnect', t('disconnect')) : null,
    ),
  );
}
