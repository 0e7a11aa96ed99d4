import type { RecordRef } from '../../../core/src/api-types';
import { FilingController } from '../../../core/src/filing-client/controller';
import { batchNotice } from '../../../core/src/filing-client/file-each';
import { localeFor, translator, Translate } from '../../../core/src/filing-client/i18n';
import { h } from '../../../core/src/filing-client/render/dom';
import { renderPane } from '../../../core/src/filing-client/render/render-pane';
import { wirePane } from '../../../core/src/filing-client/render/wire-pane';
import { refOf } from '../../../core/src/filing-client/view-model';
import { BATCH_KEY, BatchJob, loadBatch } from '../lib/batch';
import { loadConnection, storageConnectionStore } from '../lib/storage';
import { ThunderbirdHost } from '../lib/thunderbird-host';

/**
 * The batch window (message list → "File in Akte…" / "File conversation in Akte…"): the shared pane chooses the
 * record (suggestions from the first message, search), the background files, and this page follows the job in
 * storage.local — progress, then the summary: filed, already filed, failed with reason, not filed.
 */
async function main(): Promise<void> {
  const locale = localeFor(messenger.i18n.getUILanguage());
  const t = translator(locale);
  const job = await loadBatch();
  const connection = (await loadConnection()) ?? { serverUrl: '', token: null, account: null };
  const root = document.getElementById('app')!;
  const summary = document.getElementById('batch')!;
  if (!job) return;
  const selection = job.items.map((i) => ({ itemId: i.id, subject: i.subject }));
  const controller = new FilingController({
    host: new ThunderbirdHost(Number(job.items[0].id), selection.length > 1 ? selection : []),
    store: storageConnectionStore(connection),
    defaultServerUrl: connection.serverUrl,
    onChange: (c) => renderPane(root, c, { t, locale }),
  });
  const chosen = (): RecordRef[] =>
    controller.state.kind === 'ready'
      ? controller.state.selected.map(refOf).filter((r): r is RecordRef => r !== null)
      : [];
  wirePane(document, controller, {
    connect: () => messenger.runtime.openOptionsPage(),
    file: () => (chosen().length ? messenger.runtime.sendMessage({ type: 'runBatch', targets: chosen() }) : undefined),
    resume: () => messenger.runtime.sendMessage({ type: 'resumeBatch' }),
    close: () => window.close(),
  });
  renderJob(summary, job, t);
  messenger.storage.onChanged.addListener((changes, area) => {
    const next = changes[BATCH_KEY]?.newValue as BatchJob | undefined;
    if (area === 'local' && next) renderJob(summary, next, t);
  });
  await controller.start();
}

function names(items: Array<{ subject: string }>): string {
  return items.map((i) => i.subject || '—').join(', ');
}

function renderJob(root: HTMLElement, job: BatchJob, t: Translate): void {
  const o = job.outcome;
  const p = job.progress;
  const line = (key: Parameters<Translate>[0], items: Array<{ subject: string }>, cls: string) =>
    items.length ? h('li', { class: cls }, t(key, { names: names(items) })) : null;
  const notice = o && !job.running ? batchNotice(o) : null;
  root.replaceChildren(
    ...[
      h('h2', {}, t('batchTitle', { count: job.items.length })),
      p ? h('progress', { max: String(p.total), value: String(p.done + p.failed) }) : null,
      p ? h('p', { role: 'status' }, t('filingProgress', { done: p.done, total: p.total })) : null,
      notice ? h('p', { class: `notice ${notice.tone}` }, t(notice.key, notice.params)) : null,
      o
        ? h(
            'ul',
            { class: 'summary' },
            line('batchSummaryFiled', o.filed, 'filed'),
            line('batchSummaryAlready', o.alreadyFiled, 'already'),
            ...o.failed.map((f) =>
              h('li', { class: 'failed' }, t('batchSummaryFailed', { names: `${f.subject} (${f.reason})` })),
            ),
            line('batchSummaryNotFiled', o.notFiled, 'not-filed'),
          )
        : null,
      !job.running && job.pending.length && job.targets
        ? h(
            'p',
            {},
            t('resumeTitle', { count: job.pending.length }),
            ' ',
            h('button', { type: 'button', 'data-action': 'resume' }, t('resume')),
          )
        : null,
      !job.running && o ? h('button', { type: 'button', 'data-action': 'close' }, t('close')) : null,
    ].filter((node): node is HTMLElement => node !== null),
  );
}

void main();
