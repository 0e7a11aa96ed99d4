import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { ErrorMessage, Loading } from '../ui/states';
import { pageAfter } from './document-preview';
import { openPdf, PdfDocument, renderPage } from './pdf-render';

/** The preview's width in CSS pixels at most (the chatter's column). */
const MAX_WIDTH = 640;

/**
 * A PDF document's pages drawn on a canvas (pdf.js, see pdf-render.ts), one page at a time with back / forward and
 * "page n of N". The default export is what DocumentEntry loads lazily: pdf.js comes with this chunk only.
 */
export default function PdfPreview({ documentId, name }: { documentId: number; name: string }) {
  const { t } = useTranslation();
  // Stored documents never change (an upload is a new document): fetched once per document.
  const content = useQuery({
    queryKey: ['document-content', documentId],
    queryFn: () => api.documentContent(documentId),
    staleTime: Infinity,
  });
  const [pdf, setPdf] = useState<PdfDocument | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [pageNumber, setPageNumber] = useState(1);
  const [rendered, setRendered] = useState(0);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (!content.data) return;
    const opened = openPdf(content.data);
    opened.promise.then(setPdf, setFailure);
    return () => {
      setPdf(null);
      void opened.destroy();
    };
  }, [content.data]);

  useEffect(() => {
    if (!pdf || !canvas.current) return;
    let cancel = () => {};
    renderPage(pdf, pageNumber, canvas.current, MAX_WIDTH, (task) => (cancel = () => task.cancel())).then(
      () => setRendered(pageNumber),
      (error: unknown) => {
        // A render cancelled because the user turned the page (or closed the preview) is no failure.
        if ((error as { name?: string })?.name !== 'RenderingCancelledException') setFailure(error);
      },
    );
    return () => cancel();
  }, [pdf, pageNumber]);

  if (content.isError) return <ErrorMessage error={content.error} onRetry={() => void content.refetch()} />;
  if (failure) {
    return (
      <p className="state state-error" role="alert">
        {t('chatter.pdfUnreadable', { name })}
      </p>
    );
  }
  const count = pdf?.numPages ?? 0;
  return (
    <figure className="pdf-preview" data-rendered-page={rendered || undefined}>
      {pdf ? null : <Loading />}
      <canvas ref={canvas} role="img" aria-label={t('chatter.pdfPage', { name, page: pageNumber, count })} />
      {pdf ? (
        <figcaption className="pdf-pages">
          <button
            type="button"
            disabled={pageNumber <= 1}
            onClick={() => setPageNumber((page) => pageAfter(page, -1, count))}
          >
            {t('chatter.pdfPrevious')}
          </button>
          <span className="pdf-page-count" aria-live="polite">
            {t('chatter.pdfPageOf', { page: pageNumber, count })}
          </span>
          <button
            type="button"
            disabled={pageNumber >= count}
            onClick={() => setPageNumber((page) => pageAfter(page, 1, count))}
          >
            {t('chatter.pdfNext')}
          </button>
        </figcaption>
      ) : null}
    </figure>
  );
}
