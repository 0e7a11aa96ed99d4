import { DataTypes, QueryInterface } from 'sequelize';

/**
 * The foundation schema. Conventions:
 * - snake_case columns, `created_at`/`updated_at` timestamps (models use `underscored: true`);
 * - polymorphic links are (`record_type`, `record_id`) with record_type 'partner' | 'lead';
 * - every lookup the API does has an index (email/phone lookups stay fast with millions of rows);
 * - JSON values are stored as TEXT so SQLite and MariaDB behave the same.
 */
const id = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true, allowNull: false };
const bigId = { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true, allowNull: false };
const ref = (table: string, onDelete: 'CASCADE' | 'SET NULL' | 'RESTRICT' = 'SET NULL', allowNull = true) => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: 'id' },
  onDelete,
});
const timestamps = {
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};
const str = (length = 255, allowNull = true) => ({ type: DataTypes.STRING(length), allowNull });
const text = { type: DataTypes.TEXT, allowNull: true };
const bool = (defaultValue: boolean) => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue });
const recordLink = {
  record_type: str(16),
  record_id: { type: DataTypes.INTEGER, allowNull: true },
};

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  // LONGTEXT on MySQL (TEXT is 64 KB there); SQLite's TEXT is unbounded and rejects a length.
  const longText = {
    type: qi.sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('long'),
    allowNull: true,
  };
  await qi.createTable('users', {
    id,
    email: str(254, false),
    name: str(200, false),
    password_hash: str(255),
    role: str(16, false), // 'own' | 'all' | 'admin'
    locale: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'de' },
    active: bool(true),
    ...timestamps,
  });
  await qi.addIndex('users', ['email'], { unique: true, name: 'users_email_unique' });

  await qi.createTable('teams', { id, name: str(200, false), leader_id: ref('users'), ...timestamps });
  await qi.createTable('team_members', {
    team_id: { ...ref('teams', 'CASCADE', false), primaryKey: true },
    user_id: { ...ref('users', 'CASCADE', false), primaryKey: true },
  });
  await qi.addIndex('team_members', ['user_id'], { name: 'team_members_user' });

  await qi.createTable('sessions', {
    id_hash: { type: DataTypes.CHAR(64), primaryKey: true, allowNull: false },
    user_id: ref('users', 'CASCADE', false),
    csrf_token: { type: DataTypes.CHAR(64), allowNull: false },
    expires_at: { type: DataTypes.DATE(3), allowNull: false },
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('sessions', ['user_id'], { name: 'sessions_user' });

  await qi.createTable('api_tokens', {
    id,
    user_id: ref('users', 'CASCADE', false),
    name: str(200, false),
    token_hash: { type: DataTypes.CHAR(64), allowNull: false },
    token_prefix: str(16, false),
    last_used_at: { type: DataTypes.DATE(3), allowNull: true },
    revoked_at: { type: DataTypes.DATE(3), allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('api_tokens', ['token_hash'], { unique: true, name: 'api_tokens_hash_unique' });
  await qi.addIndex('api_tokens', ['user_id'], { name: 'api_tokens_user' });

  await qi.createTable('tags', { id, name: str(100, false), color: str(16), ...timestamps });
  await qi.addIndex('tags', ['name'], { unique: true, name: 'tags_name_unique' });

  await qi.createTable('stages', {
    id,
    name: str(100, false),
    sequence: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 10 },
    probability: { type: DataTypes.FLOAT, allowNull: false, defaultValue: 10 },
    folded: bool(false),
    is_won: bool(false),
    team_id: ref('teams'),
    ...timestamps,
  });
  await qi.createTable('lost_reasons', { id, name: str(200, false), active: bool(true), ...timestamps });

  await qi.createTable('partners', {
    id,
    uid: str(255, false),
    is_company: bool(false),
    name: str(255, false),
    company_id: ref('partners'),
    category: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'customer' }, // 'customer' | 'prospect'
    job_title: str(200),
    website: str(500),
    salesperson_id: ref('users'),
    created_by_id: ref('users'),
    source_category: str(100),
    source_detail: str(255),
    referred_by_id: ref('partners'),
    met_at_event: str(255),
    callback_at: { type: DataTypes.DATE(3), allowNull: true },
    contact_frequency_days: { type: DataTypes.INTEGER, allowNull: true },
    last_contact_at: { type: DataTypes.DATE(3), allowNull: true },
    contact_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    notes: text,
    birthday: { type: DataTypes.DATEONLY, allowNull: true },
    archived: bool(false),
    revision: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    ...timestamps,
  });
  await qi.addIndex('partners', ['uid'], { unique: true, name: 'partners_uid_unique' });
  await qi.addIndex('partners', ['name'], { name: 'partners_name' });
  await qi.addIndex('partners', ['salesperson_id'], { name: 'partners_salesperson' });
  await qi.addIndex('partners', ['created_by_id'], { name: 'partners_created_by' });
  await qi.addIndex('partners', ['company_id'], { name: 'partners_company' });
  await qi.addIndex('partners', ['callback_at'], { name: 'partners_callback' });
  await qi.addIndex('partners', ['last_contact_at'], { name: 'partners_last_contact' });

  await qi.createTable('partner_emails', {
    id,
    partner_id: ref('partners', 'CASCADE', false),
    email: str(254, false),
    email_normalized: str(254, false),
    type: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'work' },
    position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await qi.addIndex('partner_emails', ['email_normalized'], { name: 'partner_emails_normalized' });
  await qi.addIndex('partner_emails', ['partner_id'], { name: 'partner_emails_partner' });

  await qi.createTable('partner_phones', {
    id,
    partner_id: ref('partners', 'CASCADE', false),
    number: str(64, false),
    number_tail: str(16, false), // last significant digits, see core/src/normalize.ts
    type: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'work' },
    position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await qi.addIndex('partner_phones', ['number_tail'], { name: 'partner_phones_tail' });
  await qi.addIndex('partner_phones', ['partner_id'], { name: 'partner_phones_partner' });

  await qi.createTable('partner_addresses', {
    id,
    partner_id: ref('partners', 'CASCADE', false),
    type: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'work' },
    street: str(255),
    street2: str(255),
    zip: str(32),
    city: str(120),
    region: str(120),
    country: str(120),
    position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  });
  await qi.addIndex('partner_addresses', ['partner_id'], { name: 'partner_addresses_partner' });

  await qi.createTable('partner_tags', {
    partner_id: { ...ref('partners', 'CASCADE', false), primaryKey: true },
    tag_id: { ...ref('tags', 'CASCADE', false), primaryKey: true },
  });
  await qi.addIndex('partner_tags', ['tag_id'], { name: 'partner_tags_tag' });

  await qi.createTable('leads', {
    id,
    type: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'lead' }, // 'lead' | 'opportunity'
    name: str(255, false),
    partner_id: ref('partners'),
    contact_name: str(255),
    company_name: str(255),
    email_from: str(254),
    email_normalized: str(254),
    phone: str(64),
    phone_tail: str(16),
    expected_revenue: { type: DataTypes.DECIMAL(15, 2), allowNull: false, defaultValue: 0 },
    currency: { type: DataTypes.STRING(3), allowNull: false, defaultValue: 'EUR' },
    probability: { type: DataTypes.FLOAT, allowNull: false, defaultValue: 0 },
    probability_manual: bool(false),
    stage_id: ref('stages'),
    priority: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    expected_closing: { type: DataTypes.DATEONLY, allowNull: true },
    salesperson_id: ref('users'),
    team_id: ref('teams'),
    created_by_id: ref('users'),
    campaign: str(120),
    medium: str(120),
    source: str(120),
    referred_by: str(255),
    description: text,
    lost_reason_id: ref('lost_reasons'),
    state: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'open' }, // 'open' | 'won' | 'lost'
    active: bool(true),
    date_converted: { type: DataTypes.DATE(3), allowNull: true },
    date_closed: { type: DataTypes.DATE(3), allowNull: true },
    ...timestamps,
  });
  await qi.addIndex('leads', ['type', 'active', 'stage_id'], { name: 'leads_pipeline' });
  await qi.addIndex('leads', ['salesperson_id', 'active'], { name: 'leads_salesperson' });
  await qi.addIndex('leads', ['created_by_id'], { name: 'leads_created_by' });
  await qi.addIndex('leads', ['partner_id'], { name: 'leads_partner' });
  await qi.addIndex('leads', ['email_normalized'], { name: 'leads_email' });
  await qi.addIndex('leads', ['team_id'], { name: 'leads_team' });

  await qi.createTable('lead_tags', {
    lead_id: { ...ref('leads', 'CASCADE', false), primaryKey: true },
    tag_id: { ...ref('tags', 'CASCADE', false), primaryKey: true },
  });
  await qi.addIndex('lead_tags', ['tag_id'], { name: 'lead_tags_tag' });

  await qi.createTable('activities', {
    id,
    uid: str(255, false),
    kind: str(16, false), // 'call' | 'meeting' | 'task' | 'email'
    summary: str(255, false),
    note: text,
    due_date: { type: DataTypes.DATEONLY, allowNull: true },
    due_time: str(5), // 'HH:MM', null = whole day
    assigned_user_id: ref('users'),
    created_by_id: ref('users'),
    ...recordLink,
    partner_id: ref('partners'), // the partner the activity concerns (denormalized for total history)
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'open' }, // 'open' | 'done' | 'cancelled'
    done_at: { type: DataTypes.DATE(3), allowNull: true },
    call_direction: str(16), // 'inbound' | 'outbound'
    call_duration_seconds: { type: DataTypes.INTEGER, allowNull: true },
    call_outcome: str(255),
    revision: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    ...timestamps,
  });
  await qi.addIndex('activities', ['uid'], { unique: true, name: 'activities_uid_unique' });
  await qi.addIndex('activities', ['assigned_user_id', 'status', 'due_date'], { name: 'activities_assigned' });
  await qi.addIndex('activities', ['created_by_id'], { name: 'activities_created_by' });
  await qi.addIndex('activities', ['record_type', 'record_id'], { name: 'activities_record' });
  await qi.addIndex('activities', ['partner_id'], { name: 'activities_partner' });

  await qi.createTable('calendars', {
    id,
    name: str(200, false),
    owner_user_id: ref('users', 'CASCADE'),
    team_id: ref('teams', 'CASCADE'),
    color: str(16),
    description: text,
    timezone: str(64),
    ...timestamps,
  });
  await qi.addIndex('calendars', ['owner_user_id'], { name: 'calendars_owner' });
  await qi.addIndex('calendars', ['team_id'], { name: 'calendars_team' });

  await qi.createTable('events', {
    id,
    calendar_id: ref('calendars', 'CASCADE', false),
    uid: str(255, false),
    recurrence_id: { type: DataTypes.STRING(64), allowNull: false, defaultValue: '' }, // '' = master
    title: str(255, false),
    starts_at: { type: DataTypes.DATE(3), allowNull: false },
    ends_at: { type: DataTypes.DATE(3), allowNull: false },
    all_day: bool(false),
    timezone: str(64),
    rrule: text,
    rdates: text,
    exdates: text,
    location: str(500),
    description: text,
    organizer_user_id: ref('users'),
    privacy: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'public' },
    ...recordLink,
    partner_id: ref('partners'),
    created_by_id: ref('users'),
    revision: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    ...timestamps,
  });
  await qi.addIndex('events', ['calendar_id', 'uid', 'recurrence_id'], { unique: true, name: 'events_uid_unique' });
  await qi.addIndex('events', ['calendar_id', 'starts_at'], { name: 'events_calendar_start' });
  await qi.addIndex('events', ['organizer_user_id'], { name: 'events_organizer' });
  await qi.addIndex('events', ['record_type', 'record_id'], { name: 'events_record' });
  await qi.addIndex('events', ['partner_id'], { name: 'events_partner' });

  await qi.createTable('event_attendees', {
    id,
    event_id: ref('events', 'CASCADE', false),
    user_id: ref('users', 'CASCADE'),
    partner_id: ref('partners', 'CASCADE'),
    email: str(254),
    name: str(255),
    status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'needs-action' },
  });
  await qi.addIndex('event_attendees', ['event_id'], { name: 'event_attendees_event' });
  await qi.addIndex('event_attendees', ['user_id'], { name: 'event_attendees_user' });
  await qi.addIndex('event_attendees', ['partner_id'], { name: 'event_attendees_partner' });

  await qi.createTable('messages', {
    id: bigId,
    message_id: { type: DataTypes.TEXT, allowNull: false },
    message_id_hash: { type: DataTypes.CHAR(64), allowNull: false }, // sha256 of the Message-ID: a fixed-size unique key
    in_reply_to: text,
    references_header: text, // "references" is a reserved word in MySQL
    kind: { type: DataTypes.STRING(8), allowNull: false, defaultValue: 'email' }, // 'email' | 'note'
    direction: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'inbound' },
    from_address: str(254),
    from_name: str(255),
    to_json: text,
    cc_json: text,
    sent_at: { type: DataTypes.DATE(3), allowNull: false },
    subject: text,
    body_text: longText,
    body_html: longText,
    author_user_id: ref('users'),
    ...timestamps,
  });
  await qi.addIndex('messages', ['message_id_hash'], { unique: true, name: 'messages_message_id_unique' });
  await qi.addIndex('messages', ['sent_at'], { name: 'messages_sent_at' });

  await qi.createTable('message_addresses', {
    id: bigId,
    message_id: {
      type: DataTypes.BIGINT,
      allowNull: false,
      references: { model: 'messages', key: 'id' },
      onDelete: 'CASCADE',
    },
    email_normalized: str(254, false),
    role: str(8, false), // 'from' | 'to' | 'cc'
  });
  await qi.addIndex('message_addresses', ['email_normalized', 'message_id'], { name: 'message_addresses_email' });
  await qi.addIndex('message_addresses', ['message_id'], { name: 'message_addresses_message' });

  await qi.createTable('message_links', {
    id: bigId,
    message_id: {
      type: DataTypes.BIGINT,
      allowNull: false,
      references: { model: 'messages', key: 'id' },
      onDelete: 'CASCADE',
    },
    record_type: str(16, false),
    record_id: { type: DataTypes.INTEGER, allowNull: false },
    linked_by_id: ref('users'),
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('message_links', ['message_id', 'record_type', 'record_id'], {
    unique: true,
    name: 'message_links_unique',
  });
  await qi.addIndex('message_links', ['record_type', 'record_id', 'message_id'], { name: 'message_links_record' });

  await qi.createTable('documents', {
    id,
    uid: str(255, false),
    ...recordLink,
    name: str(255, false),
    media_type: str(255, false),
    size: { type: DataTypes.BIGINT, allowNull: false },
    sha256: { type: DataTypes.CHAR(64), allowNull: false },
    message_id: {
      type: DataTypes.BIGINT,
      allowNull: true,
      references: { model: 'messages', key: 'id' },
      onDelete: 'SET NULL',
    },
    created_by_id: ref('users'),
    revision: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
    ...timestamps,
  });
  await qi.addIndex('documents', ['uid'], { unique: true, name: 'documents_uid_unique' });
  await qi.addIndex('documents', ['record_type', 'record_id'], { name: 'documents_record' });
  await qi.addIndex('documents', ['sha256'], { name: 'documents_sha256' });

  await qi.createTable('traces', {
    id: bigId,
    record_type: str(16, false),
    record_id: { type: DataTypes.INTEGER, allowNull: false },
    partner_id: { type: DataTypes.INTEGER, allowNull: true }, // no FK: history survives a partner merge/delete
    user_id: { type: DataTypes.INTEGER, allowNull: true },
    action: str(32, false),
    changes: text,
    created_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('traces', ['record_type', 'record_id', 'id'], { name: 'traces_record' });
  await qi.addIndex('traces', ['partner_id', 'id'], { name: 'traces_partner' });

  // Change tracking: one row per (collection, entity, entity_id), rewritten on each change with a
  // fresh revision, so "changes since R" is an index range scan over (collection, revision) whose
  // cost is proportional to the number of changes, and deletions stay as tombstones (deleted = true).
  await qi.createTable('changes', {
    revision: { type: DataTypes.BIGINT, primaryKey: true, allowNull: false },
    collection: str(100, false),
    entity: str(16, false),
    entity_id: { type: DataTypes.INTEGER, allowNull: false },
    uid: str(255),
    deleted: bool(false),
    changed_at: { type: DataTypes.DATE(3), allowNull: false },
  });
  await qi.addIndex('changes', ['collection', 'revision'], { name: 'changes_collection_revision' });
  await qi.addIndex('changes', ['collection', 'entity', 'entity_id'], { unique: true, name: 'changes_entity_unique' });

  // The database-wide revision counter. A single row whose UPDATE takes a row lock until commit:
  // revisions are therefore committed in increasing order, so a reader that saw revision R can
  // never later find a change with a revision <= R (an AUTO_INCREMENT would not guarantee that).
  await qi.createTable('revision_counter', {
    id: { type: DataTypes.INTEGER, primaryKey: true, allowNull: false },
    value: { type: DataTypes.BIGINT, allowNull: false },
    pruned_below: { type: DataTypes.BIGINT, allowNull: false, defaultValue: 0 },
  });
  await qi.bulkInsert('revision_counter', [{ id: 1, value: 0, pruned_below: 0 }]);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const table of [
    'revision_counter',
    'changes',
    'traces',
    'documents',
    'message_links',
    'message_addresses',
    'messages',
    'event_attendees',
    'events',
    'calendars',
    'activities',
    'lead_tags',
    'leads',
    'partner_tags',
    'partner_addresses',
    'partner_phones',
    'partner_emails',
    'partners',
    'lost_reasons',
    'stages',
    'tags',
    'api_tokens',
    'sessions',
    'team_members',
    'teams',
    'users',
  ]) {
    await qi.dropTable(table);
  }
}
