import { isClientRoute, ownedByProtocol, WEB_APP_CSP, WEB_WORKER_CSP } from '../../../server/src/web/client-routes';

describe('which requests the back office page answers', () => {
  it('answers client routes asked for as HTML', () => {
    for (const path of ['/', '/pipeline', '/opportunities/7', '/login', '/api-docs', '/davinci']) {
      expect({ path, page: isClientRoute('GET', path, 'text/html,application/xhtml+xml') }).toEqual({
        path,
        page: true,
      });
    }
    expect(isClientRoute('HEAD', '/pipeline', 'text/html')).toBe(true);
  });

  it('answers the server address itself whatever the client accepts (curl http://host/ asks for */*)', () => {
    expect(isClientRoute('GET', '/', '*/*')).toBe(true);
    expect(isClientRoute('GET', '/', undefined)).toBe(true);
    expect(isClientRoute('GET', '/pipeline', '*/*')).toBe(false);
  });

  it('leaves the protocols, other methods, assets and non-HTML requests alone', () => {
    for (const path of [
      '/api',
      '/api/v1/leads',
      '/dav/',
      '/dav/files/x',
      '/addin/taskpane.html',
      '/.well-known/caldav',
      '/healthz',
    ]) {
      expect({ path, owned: ownedByProtocol(path), page: isClientRoute('GET', path, 'text/html') }).toEqual({
        path,
        owned: true,
        page: false,
      });
    }
    expect(isClientRoute('PROPFIND', '/', 'text/html')).toBe(false);
    expect(isClientRoute('POST', '/pipeline', 'text/html')).toBe(false);
    expect(isClientRoute('GET', '/assets/index-1234.js', 'text/html')).toBe(false);
    expect(isClientRoute('GET', '/pipeline', 'application/json')).toBe(false);
    expect(isClientRoute('GET', '/pipeline', undefined)).toBe(false);
  });

  it('allows no inline script, no eval and no framing', () => {
    const directives = new Map(WEB_APP_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(WEB_APP_CSP).not.toMatch(/unsafe-(inline|eval)/);
  });

  it("runs workers only from the app's own files, frames no blob: (a PDF is drawn on a canvas, never framed)", () => {
    const directives = new Map(WEB_APP_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(directives.get('frame-src')).toEqual(["'self'"]);
  });

  it("gives a script that runs as a worker (pdf.js's) no eval, no WebAssembly and no network", () => {
    const directives = new Map(WEB_WORKER_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(WEB_WORKER_CSP).not.toMatch(/unsafe|wasm/);
  });
});
