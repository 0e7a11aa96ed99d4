import { getDocument, GlobalWorkerOptions, type PDFDocumentProxy, type RenderTask, VerbosityLevel } from 'pdfjs-dist';
// The worker is one more hashed file of the build, served from the app's own origin (CSP `worker-src 'self'`); no
// CDN, no blob: worker.
import workerSrc from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { renderScale } from './document-preview';

/**
 * pdf.js, loaded only with the PDF preview's chunk (its ~140 KB gzipped stay out of the app's first bundle). What a
 * PDF may do here is as little as pdf.js allows: it is parsed in a worker and drawn on a canvas — no annotation or
 * form layer, no XFA, no scripting (the scripting sandbox, pdf.sandbox.mjs, is never loaded: pdf.js runs a PDF's
 * JavaScript only through it), no WebAssembly (the page's CSP has no 'wasm-unsafe-eval'; pdf.js uses its JavaScript
 * decoders), no eval (pdf.js 6 has no eval path left — its `isEvalSupported` option is gone — and both the page's
 * CSP and the worker's own forbid it), nothing fetched (the bytes come from the API; no font or CMap URLs).
 */
GlobalWorkerOptions.workerSrc = workerSrc;

export type PdfDocument = PDFDocumentProxy;

export interface OpenedPdf {
  promise: Promise<PdfDocument>;
  destroy(): Promise<void>;
}

export function openPdf(bytes: Uint8Array): OpenedPdf {
  return getDocument({
    // pdf.js hands the buffer to its worker (transferred): a copy, so the caller's bytes stay usable.
    data: bytes.slice(),
    enableXfa: false,
    useWasm: false,
    // Fonts a PDF names but does not embed come from the system's fonts (no standard-font files to fetch).
    useSystemFonts: true,
    verbosity: VerbosityLevel.ERRORS,
  });
}

/** Draws page `pageNumber` (from 1) on the canvas, at most `maxWidth` CSS pixels wide. Cancel with the task. */
export async function renderPage(
  pdf: PdfDocument,
  pageNumber: number,
  canvas: HTMLCanvasElement,
  maxWidth: number,
  onTask: (task: RenderTask) => void,
): Promise<void> {
  const page = await pdf.getPage(pageNumber);
  const pageWidth = page.getViewport({ scale: 1 }).width;
  const { cssScale, pixelScale } = renderScale(pageWidth, maxWidth, window.devicePixelRatio);
  const viewport = page.getViewport({ scale: pixelScale });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  // Through the CSSOM (the app's CSP has no 'unsafe-inline' for style attributes in markup).
  canvas.style.width = `${Math.floor(pageWidth * cssScale)}px`;
  const task = page.render({ canvas, viewport });
  onTask(task);
  await task.promise;
}
