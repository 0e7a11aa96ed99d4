import type { RecordKind } from '@akte/sync-engine';
import { ConflictError, ValidationError } from '../domain/errors';
import { assertTagsExist } from '../domain/pipeline/tags';
import { CONTACT_SCOPE_KINDS } from './crm/contact-scope';
import type { SyncCollection } from './model';

/** The scope asked for a chosen collection (REST `PUT …/collections`, `sync-connect --scope`); absent: keep or all. */
export interface ScopeChoice {
  scope?: (typeof CONTACT_SCOPE_KINDS)[number];
  tagId?: number;
}

export interface ScopeColumns {
  contactScope: string;
  contactTagId: number | null;
}

/**
 * The stored scope of a chosen collection (migration 0031), checked: only an address book has one, a tag scope
 * names an existing tag. `at` is the choice's place in the request, for the message.
 */
export async function scopeColumnsOf(kind: RecordKind, choice: ScopeChoice, at: string): Promise<ScopeColumns> {
  const scope = choice.scope ?? 'all';
  if (kind !== 'contact' && (scope !== 'all' || choice.tagId !== undefined))
    throw new ValidationError(`Invalid request body: ${at}.scope: only an address book (contacts) has a scope`, {
      [`${at}.scope`]: ['Only for contacts'],
    });
  if (scope !== 'tag') {
    if (choice.tagId !== undefined)
      throw new ValidationError(`Invalid request body: ${at}.tagId: a tag is given only with the scope "tag"`, {
        [`${at}.tagId`]: ['Only with scope "tag"'],
      });
    return { contactScope: scope, contactTagId: null };
  }
  if (choice.tagId === undefined)
    throw new ValidationError(`Invalid request body: ${at}.tagId: the scope "tag" needs a tag id`, {
      [`${at}.tagId`]: ['Required with scope "tag"'],
    });
  await assertTagsExist([choice.tagId], `${at}.tagId`);
  return { contactScope: 'tag', contactTagId: choice.tagId };
}

/**
 * A collection kept in a new choice keeps its scope. Changing it in place is refused: the CRM side is read as the
 * change log since the collection's cursor, so partners that entered or left the book without changing would not be
 * seen until they next change — half a book. Dropping the collection and choosing it again starts a first sync
 * that adopts the cards by UID, e-mail and phone.
 */
export function assertScopeKept(row: SyncCollection, choice: ScopeChoice, wanted: ScopeColumns, at: string): void {
  if (choice.scope === undefined) return;
  if (row.contactScope === wanted.contactScope && (row.contactTagId ?? null) === wanted.contactTagId) return;
  throw new ConflictError(
    `${at}: the scope of a synced address book cannot change (it is ${row.contactScope}${row.contactTagId ? ` ${row.contactTagId}` : ''}); leave the collection out of the list once, then choose it again with the new scope`,
    'scope_change',
  );
}
