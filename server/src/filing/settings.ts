import type { Transaction } from 'sequelize';
import { FilingCompanySetting, FilingUserSetting } from './model';

export interface UserFilingSettings {
  autoFileReplies: boolean;
  neverLog: string[];
}

const COMPANY_ROW = 1;

export async function userFilingSettings(userId: number, tx?: Transaction): Promise<UserFilingSettings> {
  const row = await FilingUserSetting.findByPk(userId, { transaction: tx });
  return { autoFileReplies: Boolean(row?.autoFileReplies), neverLog: row?.neverLog ?? [] };
}

export async function saveUserFilingSettings(
  userId: number,
  patch: Partial<UserFilingSettings>,
  tx: Transaction,
): Promise<UserFilingSettings> {
  const next = { ...(await userFilingSettings(userId, tx)), ...patch };
  await FilingUserSetting.upsert(
    { userId, autoFileReplies: next.autoFileReplies, neverLog: next.neverLog, updatedAt: new Date() },
    { transaction: tx },
  );
  return next;
}

export async function companyNeverLog(tx?: Transaction): Promise<string[]> {
  const row = await FilingCompanySetting.findByPk(COMPANY_ROW, { transaction: tx });
  return row?.neverLog ?? [];
}

export async function saveCompanyNeverLog(neverLog: string[], tx: Transaction): Promise<string[]> {
  await FilingCompanySetting.upsert({ id: COMPANY_ROW, neverLog, updatedAt: new Date() }, { transaction: tx });
  return neverLog;
}

/** The user's and the company's entries together: both apply to every lookup and filing. */
export async function neverLogEntriesFor(userId: number, tx?: Transaction): Promise<string[]> {
  const own = await userFilingSettings(userId, tx);
  const company = await companyNeverLog(tx);
  return [...new Set([...own.neverLog, ...company])];
}
