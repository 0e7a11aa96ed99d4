import { Op, type Transaction } from 'sequelize';
import { contactOfFields, fieldsOfContact, type CrmChangePage, type CrmRecord } from '@akte/sync-engine';
import { partnerScope, within } from '../../access/policy';
import { sqlOf, placeholders } from '../../db/sql';
import { collections } from '../../domain/changes/collections';
import { ConflictError } from '../../domain/errors';
import { deletePartner } from '../../domain/partners/delete-partner';
import { Partner } from '../../domain/partners/model';
import { partnerFields } from '../../dav/mapping/partner-fields';
import { createPartnerFromCard, domainContext, updatePartnerFromCard } from '../../dav/mapping/partner-write';
import { RecordRefusedError, writeScopeOf, type CrmKind, type CrmScope } from './crm-kind';

/**
 * Contacts: every partner the account's owner may see (partnerScope), crmId = the partner id. The change log's
 * `partners` collection is the CRM cursor; an entry for a partner the owner no longer sees reads as a deletion
 * (it left the owner's address book), which the engine applies only to a record it had linked.
 */
async function visiblePartners(scope: CrmScope, ids: number[], tx?: Transaction): Promise<Partner[]> {
  if (!ids.length) return [];
  return Partner.findAll({ where: within(partnerScope(scope.actor), { id: { [Op.in]: ids } }), transaction: tx });
}

async function recordsOf(partners: Partner[], tx?: Transaction): Promise<CrmRecord[]> {
  const fields = await partnerFields(partners, tx);
  return partners.map((p) => ({
    id: String(p.id),
    uid: p.uid,
    revision: Number(p.revision),
    fields: fieldsOfContact(fields.get(p.id)!),
  }));
}

export const contactsKind: CrmKind = {
  async changes(scope, after, limit): Promise<CrmChangePage> {
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
        await visiblePartners(
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
    const [partner] = await visiblePartners(scope, [Number(crmId)], tx);
    return partner ? (await recordsOf([partner], tx))[0] : null;
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
    const partners = await visiblePartners(scope, [...new Set(rows.map((r) => Number(r.id)))]);
    return partners.length ? recordsOf(partners) : [];
  },

  async revision(scope, crmId, tx) {
    const [partner] = await visiblePartners(scope, [Number(crmId)], tx);
    return partner ? Number(partner.revision) : null;
  },

  async create(scope, tx, uid, fields) {
    // A UID the CRM already gives a partner the owner cannot see (a colleague's customer, synced from their phone)
    // stays theirs: this partner gets its own, and the link keeps the remote UID.
    const [taken] = await sqlOf(scope.services.sequelize, tx).all<{ id: number }>(
      'SELECT id FROM partners WHERE uid = ?',
      [uid],
    );
    const written = await createPartnerFromCard(writeScopeOf(scope, tx), contactOfFields(fields), taken ? null : uid);
    return {
      id: String(written.partner.id),
      uid: written.partner.uid,
      revision: Number(written.partner.revision),
      fields: fieldsOfContact(written.understood),
    };
  },

  async update(scope, tx, crmId, fields) {
    const written = await updatePartnerFromCard(writeScopeOf(scope, tx), Number(crmId), contactOfFields(fields));
    return {
      id: crmId,
      uid: written.partner.uid,
      revision: Number(written.partner.revision),
      fields: fieldsOfContact(written.understood),
    };
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
