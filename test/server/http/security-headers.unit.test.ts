import { securityHeadersFor } from '../../../server/src/http/security-headers';

describe('securityHeadersFor', () => {
  it('forbids framing and sniffing everywhere but the frameable add-in pages', () => {
    for (const path of ['/api/v1/partners', '/dav/', '/healthz', '/', '/addins', '/addinx/taskpane.html']) {
      expect(securityHeadersFor(path)).toEqual({
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Content-Security-Policy': "frame-ancestors 'none'",
        'X-Frame-Options': 'DENY',
      });
    }
  });

  it('keeps nosniff but allows framing under /addin/ (Outlook on the web frames the task pane)', () => {
    for (const path of ['/addin', '/addin/', '/addin/taskpane.html']) {
      const headers = securityHeadersFor(path);
      expect(headers['X-Content-Type-Options']).toBe('nosniff');
      expect(headers['X-Frame-Options']).toBeUndefined();
      expect(headers['Content-Security-Policy']).toBeUndefined();
    }
  });
});
