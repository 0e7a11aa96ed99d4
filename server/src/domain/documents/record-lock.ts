import { Op, Transaction } from 'sequelize';
import type { RecordType } from '../history/linked-record';
import { Lead } from '../leads/model';
import { Partner } from '../partners/model';

/**
 * Locks the rows of the records documents are about to be added to, until the transaction ends, so that two uploads
 * of the same bytes to one record at the same moment cannot both find "no such document yet" and store it twice.
 * The data has no unique (record, sha256) index to catch that: the WebDAV file tree keeps copies of one file under
 * different names on purpose.
 *
 * Only MySQL/MariaDB needs it: SQLite runs one writing transaction at a time (IMMEDIATE, db/connection.ts), and
 * Sequelize leaves `lock` out there. Rows are locked in one fixed order (leads, then partners, by id) so that two
 * filings to the same records cannot deadlock on each other.
 */
export async function lockRecordRows(
  refs: ReadonlyArray<{ recordType: RecordType; recordId: number }>,
  tx: Transaction,
): Promise<void> {
  const ids = (type: RecordType) =>
    [...new Set(refs.filter((r) => r.recordType === type).map((r) => r.recordId))].sort((a, b) => a - b);
  const leadIds = ids('lead');
  const partnerIds = ids('partner');
  const lock = { attributes: ['id'], order: [['id', 'ASC']] as Array<[string, string]>, lock: true, transaction: tx };
  if (leadIds.length) await Lead.findAll({ where: { id: { [Op.in]: leadIds } }, ...lock });
  if (partnerIds.length) await Partner.findAll({ where: { id: { [Op.in]: partnerIds } }, ...lock });
}
