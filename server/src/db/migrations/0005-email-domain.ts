import { DataTypes, QueryInterface } from 'sequelize';

/**
 * `partner_emails.email_domain` (issue #4): the filing lookup finds a company by the domain of a participant's
 * address. Matching `email_normalized LIKE '%@domain'` cannot seek in an index (a leading wildcard), so it read the
 * whole email index; the stored domain with its own index makes that an index probe like the address match.
 *
 * Existing rows get their domain in one portable statement: a normalized address has exactly one '@' (see
 * core/src/normalize.ts), so "after the first '@'" (INSTR + SUBSTR, which SQLite and MySQL share) is "after the last
 * '@'" (MySQL's SUBSTRING_INDEX has no SQLite equivalent). Rows that are no valid address keep '', as the app would
 * write for them.
 *
 * No unique index on documents (record_type, record_id, sha256): the WebDAV file tree (issue #3) deliberately keeps
 * two files with the same bytes on one record (COPY to "Kopie.pdf"), so the data does not allow it; uploads that
 * deduplicate serialize on the record instead (domain/documents/service.ts).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('partner_emails', 'email_domain', {
    type: DataTypes.STRING(254),
    allowNull: false,
    defaultValue: '',
  });
  await fillEmailDomains(qi);
  // partner_id in the index: the lookup reads (domain → partner) from the index alone.
  await qi.addIndex('partner_emails', ['email_domain', 'partner_id'], { name: 'partner_emails_domain' });
}

/** Sets the domain of every row that has none yet (exported for its test). */
export async function fillEmailDomains(qi: QueryInterface): Promise<void> {
  await qi.sequelize.query(
    `UPDATE partner_emails SET email_domain = SUBSTR(email_normalized, INSTR(email_normalized, '@') + 1)
      WHERE email_domain = '' AND email_normalized LIKE '%_@_%' AND email_normalized NOT LIKE '%@%@%'`,
  );
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('partner_emails', 'partner_emails_domain');
  await qi.removeColumn('partner_emails', 'email_domain');
}
