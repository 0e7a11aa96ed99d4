import { QueryInterface, Sequelize } from 'sequelize';
import { SequelizeStorage, Umzug } from 'umzug';
import * as initialSchema from './migrations/0001-initial-schema';
import * as dav from './migrations/0002-dav';
import * as filing from './migrations/0003-filing';
import * as davFiles from './migrations/0004-dav-files';
import * as emailDomain from './migrations/0005-email-domain';
import * as pipelineTotals from './migrations/0006-pipeline-covering-index';
import * as leadTotals from './migrations/0007-lead-totals';
import * as calendarComponents from './migrations/0008-calendar-components';
import * as messageContentIdentity from './migrations/0009-message-content-identity';
import * as pairingKeyOutsideDatabase from './migrations/0010-pairing-key-outside-database';
import * as changeViewers from './migrations/0011-change-viewers';
import * as davRenderings from './migrations/0012-dav-renderings';
import * as davRenderingInstances from './migrations/0013-dav-rendering-instances';
import * as sync from './migrations/0014-sync';
import * as syncDocumentLinks from './migrations/0019-sync-document-links';
import * as mailGateway from './migrations/0025-mail-gateway';
import * as mailGatewaySmtp from './migrations/0026-mail-gateway-smtp';
import * as leadForms from './migrations/0027-lead-forms';
import * as partnerCallRhythmIndex from './migrations/0030-partner-call-rhythm-index';
import * as syncContactScopeAndGuard from './migrations/0031-sync-contact-scope-and-guard';
import * as leadFormHits from './migrations/0032-lead-form-hits';
import * as mailTemplates from './migrations/0033-mail-templates';
import * as leadFormConfirmation from './migrations/0034-lead-form-confirmation';
import * as syncCollectionPerKind from './migrations/0035-sync-collection-per-kind';
import * as partnerCallDue from './migrations/0036-partner-call-due';
import * as eventsUidIndex from './migrations/0038-events-uid-index';
import * as attemptCounts from './migrations/0039-attempt-counts';
import * as documentLinkPath from './migrations/0040-document-link-path';

type Migration = {
  up(p: { context: QueryInterface }): Promise<void>;
  down(p: { context: QueryInterface }): Promise<void>;
};

/** Every migration, in order. Listed explicitly (not globbed) so it works the same under tsx, jest and a build. */
const migrations: Array<[string, Migration]> = [
  ['0001-initial-schema', initialSchema],
  ['0002-dav', dav],
  ['0003-filing', filing],
  ['0004-dav-files', davFiles],
  ['0005-email-domain', emailDomain],
  ['0006-pipeline-covering-index', pipelineTotals],
  ['0007-lead-totals', leadTotals],
  ['0008-calendar-components', calendarComponents],
  ['0009-message-content-identity', messageContentIdentity],
  ['0010-pairing-key-outside-database', pairingKeyOutsideDatabase],
  ['0011-change-viewers', changeViewers],
  ['0012-dav-renderings', davRenderings],
  ['0013-dav-rendering-instances', davRenderingInstances],
  ['0014-sync', sync],
  ['0019-sync-document-links', syncDocumentLinks],
  ['0025-mail-gateway', mailGateway],
  ['0026-mail-gateway-smtp', mailGatewaySmtp],
  ['0027-lead-forms', leadForms],
  ['0030-partner-call-rhythm-index', partnerCallRhythmIndex],
  ['0031-sync-contact-scope-and-guard', syncContactScopeAndGuard],
  ['0032-lead-form-hits', leadFormHits],
  ['0033-mail-templates', mailTemplates],
  ['0034-lead-form-confirmation', leadFormConfirmation],
  ['0035-sync-collection-per-kind', syncCollectionPerKind],
  ['0036-partner-call-due', partnerCallDue],
  ['0038-events-uid-index', eventsUidIndex],
  ['0039-attempt-counts', attemptCounts],
  ['0040-document-link-path', documentLinkPath],
];

export function createMigrator(sequelize: Sequelize): Umzug<QueryInterface> {
  return new Umzug({
    migrations: migrations.map(([name, m]) => ({ name, up: m.up, down: m.down })),
    context: sequelize.getQueryInterface(),
    storage: new SequelizeStorage({ sequelize, tableName: 'schema_migrations' }),
    logger: undefined,
  });
}

/** Brings the schema up to date; safe to run on every start and from several processes in turn. */
export async function migrate(sequelize: Sequelize): Promise<string[]> {
  const applied = await createMigrator(sequelize).up();
  return applied.map((m) => m.name);
}
