import { Sequelize } from 'sequelize';
import { phoneMatchKey } from '../../core/src/normalize';
import { insertRows } from './seed-rows';
import type { SeedPlan } from './seed-plan';

type Timed = (what: string, work: () => Promise<number>) => Promise<void>;

const STAGES = ['Neu', 'Qualifiziert', 'Angebot', 'Verhandlung', 'Gewonnen'];

/**
 * Whom to call (the dashboard's call suggestions): every 25th partner has a callback within ten days either side of
 * today, every 10th a contact rhythm (30 or 90 days) last met 0–119 days ago — about half of them lapsed.
 */
function callPlan(id: number): [Date | null, number | null, Date | null] {
  const days = (n: number) => new Date(Date.now() - n * 86_400_000);
  const callback = id % 25 === 0 ? days((id % 21) - 10) : null;
  return id % 10 === 0 ? [callback, id % 20 === 0 ? 30 : 90, days(id % 120)] : [callback, null, null];
}

/** Partners with one email each and a phone for every other one, plus the change rows the sync feed reads. */
export async function seedPartners(sequelize: Sequelize, plan: SeedPlan, timed: Timed): Promise<void> {
  const { size } = plan;
  const createdAt = (id: number) => plan.daysAgo(1000 - (id / size.partners) * 1000);
  await timed('partners', () =>
    insertRows(
      sequelize,
      'partners',
      [
        'id',
        'uid',
        'is_company',
        'name',
        'company_id',
        'category',
        'salesperson_id',
        'created_by_id',
        'contact_count',
        'callback_at',
        'contact_frequency_days',
        'last_contact_at',
        'archived',
        'revision',
        'created_at',
        'updated_at',
      ],
      size.partners,
      (i) => {
        const id = i + 1;
        const owner = plan.salespersonOf(id);
        const category = id % 3 ? 'customer' : 'prospect';
        // revision = id: partner `id` was the id-th change (see the changes rows below).
        return [
          id,
          `bench-partner-${id}`,
          plan.isCompany(id),
          plan.nameOf(id),
          plan.companyOf(id),
          category,
          owner,
          owner,
          0,
          ...callPlan(id),
          false,
          id,
          createdAt(id),
          createdAt(id),
        ];
      },
    ),
  );
  await timed('partner_emails', () =>
    insertRows(
      sequelize,
      'partner_emails',
      ['partner_id', 'email', 'email_normalized', 'type', 'position'],
      size.partners,
      (i) => [i + 1, plan.emailOf(i + 1), plan.emailOf(i + 1).toLowerCase(), 'work', 0],
    ),
  );
  await timed('partner_phones', () =>
    insertRows(
      sequelize,
      'partner_phones',
      ['partner_id', 'number', 'number_tail', 'type', 'position'],
      size.partners,
      (i) => {
        if (i % 2) return null;
        const number = `+49 30 ${String(1_000_000 + i * 37).slice(-7)}`;
        return [i + 1, number, phoneMatchKey(number), 'work', 0];
      },
    ),
  );
  // One change row per partner with revisions 1…n, exactly what recordChange leaves behind, and the counter at n.
  await timed('changes', () =>
    insertRows(
      sequelize,
      'changes',
      ['revision', 'collection', 'entity', 'entity_id', 'uid', 'deleted', 'changed_at'],
      size.partners,
      (i) => [i + 1, 'partners', 'partner', i + 1, `bench-partner-${i + 1}`, false, createdAt(i + 1)],
    ),
  );
  await sequelize.query('UPDATE revision_counter SET value = :value WHERE id = 1', {
    replacements: { value: size.partners },
  });
}

/** Five stages and the opportunities spread evenly over them, each with a partner and a salesperson. */
export async function seedPipeline(sequelize: Sequelize, plan: SeedPlan, timed: Timed): Promise<void> {
  const won = STAGES.length - 1;
  await timed('stages', () =>
    insertRows(
      sequelize,
      'stages',
      ['id', 'name', 'sequence', 'probability', 'folded', 'is_won', 'created_at', 'updated_at'],
      STAGES.length,
      (i) => [
        i + 1,
        STAGES[i],
        (i + 1) * 10,
        i === won ? 100 : 10 + i * 20,
        false,
        i === won,
        plan.daysAgo(1000),
        plan.daysAgo(1000),
      ],
    ),
  );
  await timed('opportunities', () =>
    insertRows(
      sequelize,
      'leads',
      [
        'id',
        'type',
        'name',
        'partner_id',
        'email_from',
        'email_normalized',
        'expected_revenue',
        'currency',
        'probability',
        'stage_id',
        'salesperson_id',
        'created_by_id',
        'state',
        'active',
        'created_at',
        'updated_at',
      ],
      plan.size.opportunities,
      (i) => {
        const partnerId = plan.randomPartner();
        const stage = Math.floor(plan.random() * STAGES.length);
        const user = plan.pick(plan.userIds);
        const created = plan.daysAgo(plan.random() * 700);
        const email = plan.emailOf(partnerId);
        return [
          i + 1,
          'opportunity',
          `Angebot ${i + 1}`,
          partnerId,
          email,
          email.toLowerCase(),
          Math.round(plan.random() * 50_000),
          'EUR',
          stage === won ? 100 : 10 + stage * 20,
          stage + 1,
          user,
          user,
          stage === won ? 'won' : 'open',
          true,
          created,
          created,
        ];
      },
      { inFlight: 1 },
    ),
  );
}
