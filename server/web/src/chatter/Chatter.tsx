import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { FormEvent, lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FiledMessage, LinkedEvent, RecordDocument, TraceEntry } from '../../../../core/src/api-client';
import { api } from '../api/client';
import { formatDateTime, formatDay } from '../ui/format';
import { Empty, ErrorMessage, ErrorNotice, Loading } from '../ui/states';
import { previewKindOf } from './document-preview';
import { DocumentUpload } from './DocumentUpload';
import { chatterQueries } from './queries';
import { EmailFrame } from './EmailFrame';
import { ChatterEntry, chatterEntries } from './timeline';
import { TraceText } from './TraceText';

// pdf.js (~140 KB gzipped) loads with the first PDF preview the user opens, not with the app.
const PdfPreview = lazy(() => import('./PdfPreview'));

export interface RecordRef {
  recordType: 'lead' | 'partner';
  recordId: number;
}

/**
 * The record's chatter, newest first: filed e-mails (headers, and the body in a sandboxed frame), notes, documents
 * (upload by button or drag and drop, download, preview of images and — on demand — PDFs), linked calendar events and history entries (stage changes, won / lost,
 * conversion). "Log a note" files a note on the record through POST /messages.
 */
export function Chatter({ record }: { record: RecordRef }) {
  const { t } = useTranslation();
  const queries = chatterQueries(record);
  const messages = useQuery(queries.messages);
  const documents = useQuery(queries.documents);
  const history = useQuery(queries.history);
  const events = useQuery(queries.events);
  const sources = [messages, documents, history, events];
  const failed = sources.find((source) => source.isError);

  return (
    <section className="panel chatter" aria-labelledby="chatter-title">
      <h2 id="chatter-title">{t('chatter.title')}</h2>
      <NoteComposer record={record} />
      <DocumentUpload record={record} />
      {sources.some((source) => source.isPending) ? <Loading /> : null}
      {failed ? <ErrorMessage error={failed.error} onRetry={() => sources.forEach((s) => void s.refetch())} /> : null}
      {messages.isSuccess && documents.isSuccess && history.isSuccess && events.isSuccess ? (
        <EntryList
          entries={chatterEntries(messages.data.items, documents.data.items, history.data.items, events.data.items)}
        />
      ) : null}
    </section>
  );
}

function EntryList({ entries }: { entries: ChatterEntry[] }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <Empty>{t('chatter.empty')}</Empty>;
  return (
    <ol className="chatter-list">
      {entries.map((entry) => (
        <li key={`${entry.kind}-${entry.id}`} className={`chatter-entry chatter-${entry.kind}`} data-kind={entry.kind}>
          {entry.kind === 'message' ? <MessageEntry message={entry.message} /> : null}
          {entry.kind === 'document' ? <DocumentEntry document={entry.document} /> : null}
          {entry.kind === 'event' ? <EventEntry event={entry.event} /> : null}
          {entry.kind === 'trace' ? <TraceEntryView trace={entry.trace} /> : null}
        </li>
      ))}
    </ol>
  );
}

function MessageEntry({ message }: { message: FiledMessage }) {
  const { t, i18n } = useTranslation();
  const when = formatDateTime(message.date, i18n.language);
  const mailbox = (m: { address: string; name?: string }) => (m.name ? `${m.name} <${m.address}>` : m.address);
  if (message.kind === 'note') {
    return (
      <article className="note" data-message-id={message.id}>
        <p className="entry-meta">
          {t('chatter.note', { author: message.from?.name ?? message.from?.address ?? '' })} · <time>{when}</time>
        </p>
        <p className="note-body">{message.bodyText}</p>
      </article>
    );
  }
  return (
    <article className="email" data-message-id={message.id}>
      <h3>{message.subject ?? t('chatter.noSubject')}</h3>
      <dl className="email-headers">
        <dt>{t('chatter.from')}</dt>
        <dd>{message.from ? mailbox(message.from) : '—'}</dd>
        <dt>{t('chatter.to')}</dt>
        <dd>{message.to.map(mailbox).join(', ') || '—'}</dd>
        <dt>{t('chatter.date')}</dt>
        <dd>
          <time dateTime={message.date}>{when}</time>
        </dd>
      </dl>
      {message.bodyHtml !== null || message.bodyText ? (
        <EmailFrame messageId={message.id} subject={message.subject} />
      ) : null}
    </article>
  );
}

function DocumentEntry({ document }: { document: RecordDocument }) {
  const { t, i18n } = useTranslation();
  const [showPdf, setShowPdf] = useState(false);
  const url = api.documentContentUrl(document.id);
  const preview = previewKindOf(document.mediaType);
  return (
    <article className="document" data-document-id={document.id}>
      <p className="entry-meta">
        {t('chatter.document')} · <time>{formatDateTime(document.createdAt, i18n.language)}</time>
      </p>
      <a href={url} download={document.name}>
        {t('chatter.download', { name: document.name })}
      </a>{' '}
      <span className="hint">{t('chatter.size', { size: Math.max(1, Math.round(document.size / 1024)) })}</span>
      {preview === 'image' ? (
        <img className="document-preview" src={url} alt={t('chatter.preview', { name: document.name })} />
      ) : null}
      {preview === 'pdf' ? (
        <button type="button" aria-expanded={showPdf} onClick={() => setShowPdf(!showPdf)}>
          {showPdf
            ? t('chatter.hidePreview', { name: document.name })
            : t('chatter.showPreview', { name: document.name })}
        </button>
      ) : null}
      {preview === 'pdf' && showPdf ? (
        <Suspense fallback={<Loading />}>
          <PdfPreview documentId={document.id} name={document.name} />
        </Suspense>
      ) : null}
    </article>
  );
}

function EventEntry({ event }: { event: LinkedEvent }) {
  const { t, i18n } = useTranslation();
  const start = event.allDay
    ? formatDay(event.startsAt.slice(0, 10), i18n.language)
    : formatDateTime(event.startsAt, i18n.language);
  return (
    <article className="event" data-event-id={event.id}>
      <p className="entry-meta">
        {t('chatter.event')} · <time dateTime={event.startsAt}>{start}</time>
        {event.location ? ` · ${event.location}` : ''}
      </p>
      <p className="history-summary">{event.title}</p>
    </article>
  );
}

function TraceEntryView({ trace }: { trace: TraceEntry }) {
  const { i18n } = useTranslation();
  return (
    <p className="trace" data-action={trace.action}>
      <TraceText trace={trace} /> · <time>{formatDateTime(trace.createdAt, i18n.language)}</time>
    </p>
  );
}

/** "Log a note" on a record; `onFiled` refreshes what else shows it (a partner's total history). */
export function NoteComposer({ record, onFiled }: { record: RecordRef; onFiled?: () => Promise<void> }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [body, setBody] = useState('');
  const note = useMutation({
    mutationFn: () => api.addNote([record], body.trim()),
    onSuccess: async () => {
      setBody('');
      await queryClient.invalidateQueries({ queryKey: ['messages', record] });
      await queryClient.invalidateQueries({ queryKey: ['history', record] });
      await onFiled?.();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (body.trim()) note.mutate();
  };
  const id = `note-${record.recordType}-${record.recordId}`;
  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={id}>{t('chatter.noteLabel')}</label>
      <textarea id={id} value={body} maxLength={100_000} onChange={(event) => setBody(event.target.value)} />
      <button type="submit" disabled={!body.trim() || note.isPending}>
        {t('chatter.logNote')}
      </button>
      <ErrorNotice error={note.error} />
    </form>
  );
}
