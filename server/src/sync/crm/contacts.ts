import { Op, type Transaction } from 'sequelize';
import { contactOfFields, fieldsOfContact, type CrmChangePage, type CrmRecord, type Fields } from '@akte/sync-engine';
import { partnerScope, within } from '../../access/policy';
import { sqlOf, placeholders } from '../../db/sql';
import { collections } from '../../domain/changes/collections';
import { ConflictError } from '../../domain/errors';
import { deletePartner } from '../../domain/partners/delete-partner';
import { Partner, PartnerTag } from '../../domain/partners/model';
import { updatePartner } from '../../domain/partners/service';
import { Tag } from '../../domain/pipeline/model';
import { partnerFields } from '../../dav/mapping/partner-fields';
import {
  createPartnerFromCard,
  createPartnersFromCards,
  domainContext,
  updatePartnerFromCard,
} from '../../dav/mapping/partner-write';
import { contactScopeWhere, withoutScopeTag } from './contact-scope';
import { RecordRefusedError, writeScopeOf, type CandidateOf, type CrmKind, type CrmScope } from './crm-kind';

/**
 * Contacts: the partners of the collection's scope (contact-scope.ts: all the owner may see, theirs, or a tag's),
 * crmId = the partner id. The change log's `partners` collection is the CRM cursor; an entry for a partner the
 * owner no longer sees, or that left the scope (its tag removed, another salesperson), reads as a deletion (it
 * left this address book), which the engine applies only to a record it had linked: the card goes from the remote,
 * the partner stays in the CRM.
 */
async function partnersOf(scope: CrmScope, ids: number[], tx?: Transaction, inScope = true): Promise<Partner[]> {
  if (!ids.length) return [];
  const contacts = scope.contacts ?? { kind: 'all' };
  return Partner.findAll({
    where: within(partnerScope(scope.actor), {
      [Op.and]: [{ id: { [Op.in]: ids } }, inScope ? contactScopeWhere(contacts, scope.actor.userId) : {}],
    }),
    transaction: tx,
  });
}

/** The name of the scope's tag (null outside a tag scope); a tag deleted since stops the collection, with why. */
async function scopeTagName(scope: CrmScope, tx?: Transaction): Promise<string | null> {
  if (scope.contacts?.kind !== 'tag') return null;
  const tag = await Tag.findByPk(scope.contacts.tagId, { transaction: tx });
  if (!tag)
    throw new Error(
      `the tag ${scope.contacts.tagId} this address book syncs with no longer exists: choose its scope again`,
    );
  return tag.name;
}

async function recordsOf(scope: CrmScope, partners: Partner[], tx?: Transaction): Promise<CrmRecord[]> {
  if (!partners.length) return [];
  const [fields, tagName] = await Promise.all([partnerFields(partners, tx), scopeTagName(scope, tx)]);
  return partners.map((p) => ({
    id: String(p.id),
    uid: p.uid,
    revision: Number(p.revision),
    fields: withoutScopeTag(fieldsOfContact(fields.get(p.id)!), tagName),
  }));
}

/** A write of the book: in a tag scope the partner carries the tag (the book is the tag), shown or not. */
async function scopedFields(scope: CrmScope, tx: Transaction, fields: Fields): Promise<Fields> {
  const tagName = await scopeTagName(scope, tx);
  if (tagName === null) return fields;
  return { ...fields, tags: [...(withoutScopeTag(fields, tagName).tags as readonly string[]), tagName] };
}

/**
 * A card whose link in this collection names a partner that still exists, but that the book no longer holds (it
 * left the scope or the owner's view while the card was edited on the remote): the engine's "modify beats delete"
 * would make a second partner of it. The card and its link stay and the edit waits: the partner coming back into
 * the scope merges it, the card deleted on the remote ends it.
 */
async function assertNotLeftScope(scope: CrmScope, tx: Transaction, uid: string): Promise<void> {
  const sql = sqlOf(scope.services.sequelize, tx);
  const [link] = await sql.all<{ crmId: string }>(
    "SELECT crm_id AS crmId FROM sync_links WHERE collection_id = ? AND uid = ? AND state = 'synced'",
    [scope.collectionId, uid],
  );
  const [left] = link
    ? await sql.all<{ id: number }>('SELECT id FROM partners WHERE id = ?', [Number(link.crmId)])
    : [];
  if (left)
    throw new RecordRefusedError(
      `partner ${left.id} left this address book while its card was edited here; no second partner is made (back in the book, the edit is merged)`,
    );
}

export const contactsKind: CrmKind = {
  async changes(scope, after, limit): Promise<CrmChangePage> {
    // A deleted tag takes every partner out of its book: stop with the reason instead of emptying the remote book.
    await scopeTagName(scope);
    const rows = await sqlOf(scope.services.sequelize).all<{ revision: number | string; id: number; deleted: number }>(
      `SELECT revision, entity_id AS id, deleted FROM changes WHERE collection = ? AND entity = 'partner' AND revision > ?
        ORDER BY revision ASC LIMIT ?`,
      [collections.partners(), after, limit + 1],
    );
    const more = rows.length > limit;
    const page = rows
      .slice(0, limit)
      .map((r) => ({ revision: Number(r.revision), id: r.id, deleted: Boolean(r.deleted) }));
    const visible = new Set(
      (
        await partnersOf(
          scope,
          page.filter((r) => !r.deleted).map((r) => r.id),
        )
      ).map((p) => p.id),
    );
    const changes = page
      .map((r) => ({ crmId: String(r.id), revision: r.revision, deleted: r.deleted || !visible.has(r.id) }))
      .filter((c) => after > 0 || !c.deleted);
    return { changes, last: page.length ? page[page.length - 1].revision : after, more };
  },

  async read(scope, crmId, tx) {
    const [partner] = await partnersOf(scope, [Number(crmId)], tx);
    if (partner) return (await recordsOf(scope, [partner], tx))[0];
    // Out of the book, or the book's tag is gone (which throws: no merge may read that as the partner deleted).
    await scopeTagName(scope, tx);
    return null;
  },

  async candidates(scope, query) {
    // One statement for the three keys (a first sync asks this for every new card).
    const parts = [
      { statement: 'SELECT id FROM partners WHERE uid IN', values: query.uid ? [query.uid] : [] },
      { statement: 'SELECT partner_id AS id FROM partner_emails WHERE email_normalized IN', values: query.emails },
      { statement: 'SELECT partner_id AS id FROM partner_phones WHERE number_tail IN', values: query.phones },
    ].filter((p) => p.values.length);
    if (!parts.length) return [];
    const rows = await sqlOf(scope.services.sequelize).all<{ id: number }>(
      parts.map((p) => `${p.statement} (${placeholders(p.values.length)})`).join(' UNION '),
      parts.flatMap((p) => p.values),
    );
    // Every partner the owner may see is a candidate, in the scope or not: a card matching one outside it (an
    // untagged customer, a colleague's) must not become a second partner. It is a match not to adopt — adopting
    // would pull the partner into the book behind the person's back —, so it goes to the review list.
    const ids = [...new Set(rows.map((r) => Number(r.id)))];
    const partners = await partnersOf(scope, ids, undefined, false);
    const held = new Set((await partnersOf(scope, ids)).map((p) => p.id));
    const records: CandidateOf[] = await recordsOf(scope, partners);
    return records.map((r) => (held.has(Number(r.id)) ? r : { ...r, outsideScope: true }));
  },

  async revision(scope, crmId, tx) {
    const [partner] = await partnersOf(scope, [Number(crmId)], tx);
    return partner ? Number(partner.revision) : null;
  },

  async create(scope, tx, uid, fields) {
    // A UID the CRM already gives a partner the owner cannot see (a colleague's customer, synced from their phone)
    // stays theirs: this partner gets its own, and the link keeps the remote UID.
    const [taken] = await sqlOf(scope.services.sequelize, tx).all<{ id: number }>(
      'SELECT id FROM partners WHERE uid = ?',
      [uid],
    );
    await assertNotLeftScope(scope, tx, uid);
    // In a 'mine' scope the owner becomes the salesperson: createPartner's default for the acting user.
    const written = await createPartnerFromCard(
      writeScopeOf(scope, tx),
      contactOfFields(await scopedFields(scope, tx, fields)),
      taken ? null : uid,
    );
    return {
      id: String(written.partner.id),
      uid: written.partner.uid,
      revision: Number(written.partner.revision),
      fields: withoutScopeTag(fieldsOfContact(written.understood), await scopeTagName(scope, tx)),
    };
  },

  async createMany(scope, tx, creates) {
    // `create` for a page, its rules in the same order; the taken UIDs in one read, the partners in one go.
    const uids = [...new Set(creates.map((c) => c.uid))];
    const taken = new Set(
      (
        await sqlOf(scope.services.sequelize, tx).all<{ uid: string }>(
          `SELECT uid FROM partners WHERE uid IN (${placeholders(uids.length)})`,
          uids,
        )
      ).map((r) => r.uid),
    );
    const cards = [];
    for (const c of creates) {
      await assertNotLeftScope(scope, tx, c.uid);
      cards.push({
        fields: contactOfFields(await scopedFields(scope, tx, c.fields)),
        uid: taken.has(c.uid) ? null : c.uid,
      });
    }
    const written = await createPartnersFromCards(writeScopeOf(scope, tx), cards);
    const tagName = await scopeTagName(scope, tx);
    return written.map((w) => ({
      id: String(w.partner.id),
      uid: w.partner.uid,
      revision: Number(w.partner.revision),
      fields: withoutScopeTag(fieldsOfContact(w.understood), tagName),
    }));
  },

  async update(scope, tx, crmId, fields) {
    const written = await updatePartnerFromCard(
      writeScopeOf(scope, tx),
      Number(crmId),
      contactOfFields(await scopedFields(scope, tx, fields)),
    );
    return {
      id: crmId,
      uid: written.partner.uid,
      revision: Number(written.partner.revision),
      fields: withoutScopeTag(fieldsOfContact(written.understood), await scopeTagName(scope, tx)),
    };
  },

  async admit(scope, tx, crmId) {
    // The person chose this partner for the card: it joins the book (its tag, or the owner as its salesperson).
    const contacts = scope.contacts ?? { kind: 'all' };
    if (contacts.kind === 'all') return;
    const ctx = domainContext(writeScopeOf(scope, tx));
    if (contacts.kind === 'mine') {
      await updatePartner(ctx, Number(crmId), { salespersonId: scope.actor.userId });
      return;
    }
    const tags = await PartnerTag.findAll({ where: { partnerId: Number(crmId) }, transaction: tx });
    await updatePartner(ctx, Number(crmId), { tagIds: [...new Set([...tags.map((t) => t.tagId), contacts.tagId])] });
  },

  async remove(scope, tx, crmId) {
    try {
      await deletePartner(domainContext(writeScopeOf(scope, tx)), Number(crmId));
    } catch (err) {
      // A partner with leads, activities or documents is not deleted by a card gone from a phone.
      if (err instanceof ConflictError) throw new RecordRefusedError(err.message);
      throw err;
    }
  },
};
