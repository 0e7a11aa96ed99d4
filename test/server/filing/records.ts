import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { normalizeEmail } from '@akte/core';
import type { TestEnv } from '../../support/test-env';
import { partnerEmailKeys } from '../../../server/src/domain/partners/contact-data';
import { Partner, PartnerEmail } from '../../../server/src/domain/partners/model';
import { Lead } from '../../../server/src/domain/leads/model';
import { Stage } from '../../../server/src/domain/pipeline/model';
import { fixturePath } from '../../support/fixtures';

/** Real MIME messages (postal-mime test data) from test/fixtures/email. */
export function emailFixture(name: string): Buffer {
  return fs.readFileSync(fixturePath('email', name));
}

export async function makePartner(fields: {
  name: string;
  email?: string;
  isCompany?: boolean;
  companyId?: number | null;
  salespersonId?: number | null;
}): Promise<Partner> {
  const partner = await Partner.create({
    uid: randomUUID(),
    name: fields.name,
    isCompany: fields.isCompany ?? false,
    companyId: fields.companyId ?? null,
    salespersonId: fields.salespersonId ?? null,
    createdById: fields.salespersonId ?? null,
    jobTitle: null,
    website: null,
    sourceCategory: null,
    sourceDetail: null,
    referredById: null,
    metAtEvent: null,
    callbackAt: null,
    contactFrequencyDays: null,
    lastContactAt: null,
    notes: null,
    birthday: null,
  });
  if (fields.email) {
    await PartnerEmail.create({
      partnerId: partner.id,
      email: fields.email,
      ...partnerEmailKeys(fields.email),
    });
  }
  return partner;
}

export async function makeLead(fields: {
  name: string;
  salespersonId: number;
  partnerId?: number | null;
  type?: 'lead' | 'opportunity';
  expectedRevenue?: number;
  stageName?: string;
  emailFrom?: string;
}): Promise<Lead> {
  const stage = fields.stageName ? await Stage.create({ name: fields.stageName, teamId: null }) : null;
  return Lead.create({
    name: fields.name,
    type: fields.type ?? 'opportunity',
    partnerId: fields.partnerId ?? null,
    salespersonId: fields.salespersonId,
    createdById: fields.salespersonId,
    expectedRevenue: fields.expectedRevenue ?? 0,
    stageId: stage?.id ?? null,
    emailFrom: fields.emailFrom ?? null,
    emailNormalized: fields.emailFrom ? normalizeEmail(fields.emailFrom) : null,
    contactName: null,
    companyName: null,
    phone: null,
    phoneTail: null,
    expectedClosing: null,
    teamId: null,
    campaign: null,
    medium: null,
    source: null,
    referredBy: null,
    description: null,
    lostReasonId: null,
    dateConverted: null,
    dateClosed: null,
  });
}

export async function count(env: TestEnv, table: string, where = '1 = 1'): Promise<number> {
  const [rows] = await env.sequelize.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`);
  return Number((rows as Array<{ n: number | string }>)[0].n);
}

/** Row counts of every table filing writes: "nothing stored" means none of them changed. */
export async function filingCounts(env: TestEnv): Promise<Record<string, number>> {
  const tables = [
    'messages',
    'message_addresses',
    'message_links',
    'documents',
    'traces',
    'leads',
    'partners',
    'activities',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) counts[table] = await count(env, table);
  return counts;
}

/** A small structured email (the JSON fallback) with the given Message-ID. */
export function structuredEmail(messageId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    messageId,
    subject: `Angebot ${messageId}`,
    from: { address: 'kunde@acme-gmbh.de', name: 'Karl Kunde' },
    to: ['own@example.test'],
    date: '2024-05-02T09:30:00Z',
    text: 'Guten Tag, bitte senden Sie uns ein Angebot.',
    ...extra,
  };
}
