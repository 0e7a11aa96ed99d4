/**
 * How the chatter previews a stored document, decided by its media type. Images go into an <img>, which runs
 * nothing. PDFs are drawn on a canvas by pdf.js inside the app: Chromium shows a PDF itself only in an unsandboxed
 * frame, which a stored file (anyone's upload, possibly hostile) must never get. Anything else: download only. Pure.
 */
export type PreviewKind = 'image' | 'pdf' | null;

export function previewKindOf(mediaType: string): PreviewKind {
  const type = mediaType.split(';')[0].trim().toLowerCase();
  if (/^image\/(png|jpeg|gif|webp)$/.test(type)) return 'image';
  if (type === 'application/pdf') return 'pdf';
  return null;
}

/** The page the preview shows after a step (−1 back, +1 forward): within 1…count, pages numbered from 1. */
export function pageAfter(current: number, step: number, count: number): number {
  if (count < 1) return 1;
  return Math.min(count, Math.max(1, current + step));
}

/**
 * The scale pdf.js renders a page at: as wide as the preview (never enlarged past 100 % of the page's size in
 * points, so a small page stays sharp and small), times the screen's pixel ratio for the canvas's pixels.
 */
export function renderScale(
  pageWidth: number,
  maxWidth: number,
  pixelRatio: number,
): { cssScale: number; pixelScale: number } {
  const cssScale = pageWidth > 0 ? Math.min(1, maxWidth / pageWidth) : 1;
  return { cssScale, pixelScale: cssScale * Math.max(1, pixelRatio) };
}
