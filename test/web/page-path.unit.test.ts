import { pageDataOf } from '../../server/web/src/app/page-path';

describe('the page data asked for as the app starts', () => {
  it('knows the dashboard and the record forms by their address', () => {
    expect(pageDataOf('/')).toEqual({ page: 'dashboard' });
    expect(pageDataOf('/opportunities/7')).toEqual({ page: 'lead', id: 7 });
    expect(pageDataOf('/leads/12/')).toEqual({ page: 'lead', id: 12 });
    expect(pageDataOf('/partners/120')).toEqual({ page: 'partner', id: 120 });
  });

  it('asks for nothing on other pages or for an id that is none', () => {
    for (const path of ['/login', '/pipeline', '/partners', '/leads', '/partners/0', '/partners/x', '/leads/7/edit']) {
      expect({ path, data: pageDataOf(path) }).toEqual({ path, data: null });
    }
    expect(pageDataOf('/partners/99999999999999999')).toBeNull();
  });
});
