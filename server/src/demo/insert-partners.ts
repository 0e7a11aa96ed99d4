import { phoneMatchKey } from '@akte/core';
import { collections } from '../domain/changes/collections';
import { recordChange } from '../domain/changes/service';
import { recordTrace } from '../domain/history/service';
import { partnerEmailKeys } from '../domain/partners/contact-data';
import { Partner, PartnerAddress, PartnerEmail, PartnerPhone, PartnerTag } from '../domain/partners/model';
import { Tag } from '../domain/pipeline/model';
import { CallbackWhen, DEMO_COMPANIES, DEMO_PERSONS } from './data/partners';
import { DemoContext, requireRef, timeFrom } from './demo-context';

interface PartnerSeed {
  key: string;
  name: string;
  isCompany: boolean;
  companyId: number | null;
  companyName: string | null;
  category: 'customer' | 'prospect';
  jobTitle: string | null;
  website: string | null;
  salesperson: string;
  emails: string[];
  phones: Array<{ number: string; type: string }>;
  address?: { street: string; zip: string; city: string; country: string };
  tags: string[];
  contactFrequencyDays?: number;
  lastContactDaysAgo?: number;
  callback?: CallbackWhen;
  source?: string;
}

/** `Jörg Weiß` → `joerg.weiss`: how the demo companies spell their addresses. */
function mailLocalPart(first: string, last: string): string {
  const ascii = (s: string) =>
    s
      .toLowerCase()
      .replace(/ä/g, 'ae')
      .replace(/ö/g, 'oe')
      .replace(/ü/g, 'ue')
      .replace(/ß/g, 'ss')
      .replace(/ı/g, 'i')
      .normalize('NFKD')
      .replace(/[^a-z]/g, '');
  return `${ascii(first)}.${ascii(last)}`;
}

const CALLBACK_DAYS: Record<CallbackWhen, { days: number; hour: number }> = {
  overdue: { days: -2, hour: 8 },
  today: { days: 0, hour: 13 },
  'next-week': { days: 7, hour: 9 },
};

async function insertPartner(ctx: DemoContext, seed: PartnerSeed, tagIds: Map<string, number>): Promise<void> {
  const salesperson = requireRef(ctx.users, seed.salesperson, 'user');
  const callback = seed.callback ? CALLBACK_DAYS[seed.callback] : undefined;
  const partner = await Partner.create(
    {
      uid: ctx.rng.uuid(),
      isCompany: seed.isCompany,
      name: seed.name,
      companyId: seed.companyId,
      category: seed.category,
      jobTitle: seed.jobTitle,
      website: seed.website,
      salespersonId: salesperson.id,
      createdById: salesperson.id,
      sourceCategory: seed.source ?? null,
      sourceDetail: null,
      referredById: null,
      metAtEvent: seed.source === 'Messe' ? 'Hannover Messe' : null,
      callbackAt: callback ? timeFrom(ctx.now, callback.days, callback.hour) : null,
      contactFrequencyDays: seed.contactFrequencyDays ?? null,
      lastContactAt: seed.lastContactDaysAgo !== undefined ? timeFrom(ctx.now, -seed.lastContactDaysAgo, 10) : null,
      contactCount: seed.lastContactDaysAgo !== undefined ? ctx.rng.int(2, 25) : 0,
      notes: null,
      birthday: null,
    },
    { transaction: ctx.tx },
  );
  const tx = { transaction: ctx.tx };
  await PartnerEmail.bulkCreate(
    seed.emails.map((email, position) => ({
      partnerId: partner.id,
      email,
      ...partnerEmailKeys(email),
      position,
    })),
    tx,
  );
  await PartnerPhone.bulkCreate(
    seed.phones.map((phone, position) => ({
      partnerId: partner.id,
      ...phone,
      numberTail: phoneMatchKey(phone.number),
      position,
    })),
    tx,
  );
  if (seed.address)
    await PartnerAddress.create({ partnerId: partner.id, ...seed.address, street2: null, region: null }, tx);
  if (seed.tags.length) {
    await PartnerTag.bulkCreate(
      seed.tags.map((name) => ({ partnerId: partner.id, tagId: requireRef(tagIds, name, 'tag') })),
      tx,
    );
  }
  const revision = await recordChange(ctx.sequelize, ctx.tx, [
    { collection: collections.partners(), entity: 'partner', entityId: partner.id, uid: partner.uid },
  ]);
  await partner.update({ revision }, tx);
  await recordTrace(ctx.tx, {
    recordType: 'partner',
    recordId: partner.id,
    partnerId: partner.id,
    userId: salesperson.id,
    action: 'create',
  });
  ctx.partners.set(seed.key, {
    id: partner.id,
    name: seed.name,
    isCompany: seed.isCompany,
    email: seed.emails[0] ?? null,
    phone: seed.phones[0]?.number ?? null,
    companyName: seed.companyName,
  });
}

/** Companies first (contacts point at them), then their contact persons, then private persons. */
export async function insertPartners(ctx: DemoContext): Promise<number> {
  const tagIds = new Map((await Tag.findAll({ transaction: ctx.tx })).map((t) => [t.name, t.id]));
  const phone = (prefix: string) => `${prefix} ${ctx.rng.digits(3)} ${ctx.rng.digits(4)}`;
  for (const company of DEMO_COMPANIES) {
    const address = { street: company.street, zip: company.zip, city: company.city, country: company.country };
    await insertPartner(
      ctx,
      {
        ...company,
        isCompany: true,
        companyId: null,
        companyName: null,
        jobTitle: null,
        website: `https://www.${company.domain}`,
        emails: [`info@${company.domain}`],
        phones: [{ number: phone(company.phonePrefix), type: 'work' }],
        address,
      },
      tagIds,
    );
    const companyId = requireRef(ctx.partners, company.key, 'partner').id;
    for (const [index, contact] of company.contacts.entries()) {
      const phones = [{ number: phone(company.phonePrefix), type: 'work' }];
      if (company.phonePrefix.startsWith('+49') && ctx.rng.next() < 0.5) {
        phones.push({ number: `+49 15${ctx.rng.int(1, 9)} ${ctx.rng.digits(8)}`, type: 'mobile' });
      }
      await insertPartner(
        ctx,
        {
          key: `${company.key}:${index}`,
          name: `${contact.first} ${contact.last}`,
          isCompany: false,
          companyId,
          companyName: company.name,
          category: company.category,
          jobTitle: contact.jobTitle,
          website: null,
          salesperson: company.salesperson,
          emails: [`${mailLocalPart(contact.first, contact.last)}@${company.domain}`],
          phones,
          tags: [],
        },
        tagIds,
      );
    }
  }
  for (const person of DEMO_PERSONS) {
    await insertPartner(
      ctx,
      {
        ...person,
        name: `${person.first} ${person.last}`,
        isCompany: false,
        companyId: null,
        companyName: null,
        jobTitle: person.jobTitle ?? null,
        website: null,
        emails: [person.email],
        phones: [{ number: phone(person.phonePrefix), type: 'mobile' }],
        address: { street: person.street, zip: person.zip, city: person.city, country: person.country },
        tags: [],
      },
      tagIds,
    );
  }
  return ctx.partners.size;
}
