import { Sequelize } from 'sequelize';
import { initUserModels } from './domain/users/model';
import { initPartnerModels } from './domain/partners/model';
import { initPipelineModels } from './domain/pipeline/model';
import { initLeadModels } from './domain/leads/model';
import { initLeadTotalModel } from './domain/leads/totals-model';
import { initActivityModels } from './domain/activities/model';
import { initCalendarModels } from './domain/calendar/model';
import { initMessageModels } from './domain/messages/model';
import { initDocumentModels } from './domain/documents/model';
import { initHistoryModels } from './domain/history/model';
import { initChangeModels } from './domain/changes/model';
import { initDavModels } from './dav/store/model';
import { initDavFileModels } from './dav/files/model';
import { initFilingModels } from './filing/model';
import { initSyncModels } from './sync/model';
import { initGatewayModels } from './gateway/model';

/**
 * Binds every model class to `sequelize`. Model classes are module singletons: one process talks to one database
 * (tests get a fresh module registry per test file, and so a fresh database).
 */
export function initModels(sequelize: Sequelize): void {
  initUserModels(sequelize);
  initPartnerModels(sequelize);
  initPipelineModels(sequelize);
  initLeadModels(sequelize);
  initLeadTotalModel(sequelize);
  initActivityModels(sequelize);
  initCalendarModels(sequelize);
  initMessageModels(sequelize);
  initDocumentModels(sequelize);
  initHistoryModels(sequelize);
  initChangeModels(sequelize);
  initDavModels(sequelize);
  initDavFileModels(sequelize);
  initFilingModels(sequelize);
  initSyncModels(sequelize);
  initGatewayModels(sequelize);
}
