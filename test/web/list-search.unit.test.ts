import { listSearchOf } from '../../server/web/src/ui/list-search';

describe("a list's filters and search in the URL", () => {
  it('keeps the filters in their order and puts the search last', () => {
    expect(listSearchOf({ show: 'lost' }, 'Kim')).toBe('show=lost&q=Kim');
    expect(listSearchOf({ category: 'customer', other: 'x' }, '')).toBe('category=customer&other=x');
  });

  it('leaves out empty filters and an empty search', () => {
    expect(listSearchOf({ show: undefined, category: '' }, '')).toBe('');
    expect(listSearchOf({ category: undefined }, '+49 30 1234')).toBe('q=%2B49+30+1234');
  });
});
