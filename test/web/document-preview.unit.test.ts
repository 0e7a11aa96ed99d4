import { pageAfter, previewKindOf, renderScale } from '../../server/web/src/chatter/document-preview';

describe("a document's preview in the chatter", () => {
  it('previews images in an <img>, PDFs on a canvas, and nothing else', () => {
    expect(previewKindOf('image/png')).toBe('image');
    expect(previewKindOf('image/jpeg')).toBe('image');
    expect(previewKindOf('application/pdf')).toBe('pdf');
    expect(previewKindOf('Application/PDF; name="x.pdf"')).toBe('pdf');
    // SVG can carry script; HTML is a page: download only.
    expect(previewKindOf('image/svg+xml')).toBeNull();
    expect(previewKindOf('text/html')).toBeNull();
    expect(previewKindOf('application/octet-stream')).toBeNull();
  });

  it('turns pages within 1…count', () => {
    expect(pageAfter(1, 1, 3)).toBe(2);
    expect(pageAfter(3, 1, 3)).toBe(3);
    expect(pageAfter(1, -1, 3)).toBe(1);
    expect(pageAfter(2, -1, 3)).toBe(1);
    expect(pageAfter(1, 1, 0)).toBe(1);
  });

  it('fits a page into the preview width, never enlarged, with the screen pixel ratio', () => {
    expect(renderScale(595, 640, 1)).toEqual({ cssScale: 1, pixelScale: 1 });
    expect(renderScale(1280, 640, 2)).toEqual({ cssScale: 0.5, pixelScale: 1 });
    expect(renderScale(595, 640, 0)).toEqual({ cssScale: 1, pixelScale: 1 });
  });
});
