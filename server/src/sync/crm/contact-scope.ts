import { Op, Sequelize, type WhereOptions } from 'sequelize';
import type { Fields } from '@akte/sync-engine';

/**
 * Which partners a synced address book holds (issue #11: "all of them, or only 'my contacts' / a tag"), always
 * within what the owner may see (access/policy.ts partnerScope):
 * - `all`:  every partner the owner may see;
 * - `mine`: those whose salesperson the owner is — "mine" as the dashboard means it (domain/history/recent.ts),
 *           narrower than what an *all records* user may see;
 * - `tag`:  those carrying the tag `tagId`.
 */
export type ContactScope = { kind: 'all' } | { kind: 'mine' } | { kind: 'tag'; tagId: number };

export const CONTACT_SCOPE_KINDS = ['all', 'mine', 'tag'] as const;

/** The stored columns (migration 0031) as a scope; a tag scope without its tag is no scope at all. */
export function contactScopeOf(kind: string | null | undefined, tagId: number | null | undefined): ContactScope {
  if (kind === 'mine') return { kind: 'mine' };
  if (kind === 'tag') {
    if (tagId === null || tagId === undefined) throw new Error('a tag scope without a tag');
    return { kind: 'tag', tagId };
  }
  return { kind: 'all' };
}

/**
 * In a tag scope the tag is the book itself, not a property of a card: it is left out of the CATEGORIES the engine
 * sees, and added to every partner the book writes. Were it shown, a card made on the phone (without it) would read
 * as "the tag was removed remotely" at its first merge, and the partner would drop out of the book it was made in.
 */
export function withoutScopeTag(fields: Fields, scopeTagName: string | null): Fields {
  if (scopeTagName === null || !Array.isArray(fields.tags)) return fields;
  const wanted = scopeTagName.toLowerCase();
  const tags = fields.tags.filter((t) => t.toLowerCase() !== wanted);
  return tags.length === fields.tags.length ? fields : { ...fields, tags };
}

/**
 * The scope as a condition on the Partner model's rows, beside the owner's visibility (never instead of it). The tag
 * id is a stored integer, checked again here because it goes into SQL text.
 */
export function contactScopeWhere(scope: ContactScope, ownerUserId: number): WhereOptions {
  if (scope.kind === 'mine') return { salespersonId: ownerUserId };
  if (scope.kind !== 'tag') return {};
  if (!Number.isSafeInteger(scope.tagId)) throw new Error('tag id must be an integer');
  return { id: { [Op.in]: Sequelize.literal(`(SELECT partner_id FROM partner_tags WHERE tag_id = ${scope.tagId})`) } };
}
