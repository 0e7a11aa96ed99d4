import { DataTypes, QueryInterface } from 'sequelize';

/**
 * A message's identity becomes its Message-ID *and* its content (domain/messages/identity.ts): filing by a known
 * Message-ID used to link the stored message to the filer's record, which let anyone read a colleague's mail by
 * filing a dummy under an id copied from a References header.
 *
 * - `content_hash`: the content fingerprint (domain/messages/content-hash.ts). Existing rows keep NULL: the
 *   fingerprint is a domain rule, and migrations do not import the domain (a migration must mean the same forever);
 *   the first filing under such a row's Message-ID computes it from the stored columns and writes it back.
 * - `message_id_conflict`: stored although another message already had the Message-ID with different content.
 * - The unique key moves from the Message-ID alone to (Message-ID, content): two genuine filings of one new mail
 *   racing each other still end as one row (the loser reruns and merges), while a different content under the same
 *   id gets a row of its own. NULL content hashes never collide (NULLs are distinct in a unique index, in SQLite and
 *   in MariaDB). The index also serves lookups by Message-ID alone (its first column).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addColumn('messages', 'content_hash', { type: DataTypes.CHAR(64), allowNull: true });
  await qi.addColumn('messages', 'message_id_conflict', {
    type: DataTypes.BOOLEAN,
    allowNull: false,
    defaultValue: false,
  });
  await qi.addIndex('messages', ['message_id_hash', 'content_hash'], {
    unique: true,
    name: 'messages_identity_unique',
  });
  await qi.removeIndex('messages', 'messages_message_id_unique');
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  // Going back needs one row per Message-ID again: this fails (rightly) while conflicting copies are stored.
  await qi.addIndex('messages', ['message_id_hash'], { unique: true, name: 'messages_message_id_unique' });
  await qi.removeIndex('messages', 'messages_identity_unique');
  await qi.removeColumn('messages', 'message_id_conflict');
  await qi.removeColumn('messages', 'content_hash');
}
