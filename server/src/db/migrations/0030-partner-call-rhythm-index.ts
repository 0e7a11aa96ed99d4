import { QueryInterface } from 'sequelize';

/**
 * Call suggestions (domain/partners/call-suggestions.ts) read the partners with a contact rhythm whose last contact
 * lapsed. Without an index on the rhythm, "callback due OR rhythm lapsed" was a full scan of the partners table
 * (MariaDB, 100k partners: ~175 ms p50). With (contact_frequency_days, last_contact_at) the rhythm branch is an index
 * range over the partners that have a rhythm at all; the callback branch already has partners_callback.
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('partners', ['contact_frequency_days', 'last_contact_at'], { name: 'partners_contact_rhythm' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('partners', 'partners_contact_rhythm');
}
