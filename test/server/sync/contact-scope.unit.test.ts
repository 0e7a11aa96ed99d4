import { Op } from 'sequelize';
import { contactScopeOf, contactScopeWhere, withoutScopeTag } from '../../../server/src/sync/crm/contact-scope';

describe('contact scope', () => {
  it('reads the stored columns; a tag scope without its tag is refused, anything unknown is all', () => {
    expect(contactScopeOf('mine', null)).toEqual({ kind: 'mine' });
    expect(contactScopeOf('tag', 7)).toEqual({ kind: 'tag', tagId: 7 });
    expect(contactScopeOf('all', 7)).toEqual({ kind: 'all' });
    expect(contactScopeOf(undefined, undefined)).toEqual({ kind: 'all' });
    expect(() => contactScopeOf('tag', null)).toThrow(/without a tag/);
  });

  it('narrows the partner rows: none for all, the salesperson for mine, the tag for tag', () => {
    expect(contactScopeWhere({ kind: 'all' }, 3)).toEqual({});
    expect(contactScopeWhere({ kind: 'mine' }, 3)).toEqual({ salespersonId: 3 });
    const tagged = contactScopeWhere({ kind: 'tag', tagId: 9 }, 3) as { id: Record<symbol, { val: string }> };
    expect(tagged.id[Op.in].val).toBe('(SELECT partner_id FROM partner_tags WHERE tag_id = 9)');
    expect(() => contactScopeWhere({ kind: 'tag', tagId: 1.5 }, 3)).toThrow(/integer/);
  });

  it("leaves the book's own tag out of the categories, whatever its case", () => {
    const fields = { name: 'Anna', tags: ['Presse', 'messe 2026'] };
    expect(withoutScopeTag(fields, 'Messe 2026')).toEqual({ name: 'Anna', tags: ['Presse'] });
    expect(withoutScopeTag(fields, null)).toBe(fields);
    expect(withoutScopeTag({ name: 'Bert', tags: ['Presse'] }, 'Messe 2026').tags).toEqual(['Presse']);
  });
});
