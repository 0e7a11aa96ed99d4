import { createHash } from 'node:crypto';
import { Sequelize } from 'sequelize';
import { insertRows } from './seed-rows';
import type { SeedPlan } from './seed-plan';

type Timed = (what: string, work: () => Promise<number>) => Promise<void>;

const TEAM_ADDRESS = 'vertrieb@akte.example';

/**
 * Messages, their addresses and links, activities and traces: everything a partner's total history is made of.
 * The sender is a heavy partner 30% of the time, so heavy partners collect hundreds of messages each.
 */
export async function seedHistory(sequelize: Sequelize, plan: SeedPlan, timed: Timed): Promise<void> {
  const { size } = plan;
  const sentAt = (m: number) => plan.daysAgo(((size.messages - m) / size.messages) * 900);
  const senderOf: number[] = new Array(size.messages);
  await timed('messages', () =>
    insertRows(
      sequelize,
      'messages',
      [
        'id',
        'message_id',
        'message_id_hash',
        'kind',
        'direction',
        'from_address',
        'from_name',
        'to_json',
        'sent_at',
        'subject',
        'body_text',
        'created_at',
        'updated_at',
      ],
      size.messages,
      (m) => {
        const sender = plan.skewedPartner(0.3);
        senderOf[m] = sender;
        const messageId = `<bench.${m + 1}@mail.example>`;
        const hash = createHash('sha256').update(messageId).digest('hex');
        return [
          m + 1,
          messageId,
          hash,
          'email',
          m % 3 ? 'inbound' : 'outbound',
          plan.emailOf(sender),
          plan.nameOf(sender),
          JSON.stringify([{ address: TEAM_ADDRESS }]),
          sentAt(m),
          `Anfrage ${m + 1}`,
          'Guten Tag, anbei die Unterlagen. Viele Grüße',
          sentAt(m),
          sentAt(m),
        ];
      },
    ),
  );
  await timed('message_addresses', () =>
    insertRows(sequelize, 'message_addresses', ['message_id', 'email_normalized', 'role'], size.messages * 2, (i) => {
      const m = i >> 1;
      return i % 2 ? [m + 1, TEAM_ADDRESS, 'to'] : [m + 1, plan.emailOf(senderOf[m]).toLowerCase(), 'from'];
    }),
  );
  // Each message is filed on its sender, the sender's company, an opportunity and a further partner (as the
  // filing service would), as many of those as the wanted number of links needs.
  const perMessage = Math.max(1, Math.ceil(size.links / size.messages));
  await timed('message_links', () =>
    insertRows(
      sequelize,
      'message_links',
      ['message_id', 'record_type', 'record_id', 'linked_by_id', 'created_at'],
      size.links,
      (i) => {
        const m = Math.floor(i / perMessage) % size.messages;
        const slot = i % perMessage;
        const sender = senderOf[m];
        const targets: Array<[string, number]> = [
          ['partner', sender],
          ['partner', plan.companyOf(sender) ?? plan.partnerAt(sender)],
          ['lead', 1 + (m % size.opportunities)],
          ['partner', plan.partnerAt(sender + 1 + (m % 97))],
        ];
        if (slot >= targets.length) return null;
        const [type, id] = targets[slot];
        if (targets.slice(0, slot).some(([t, x]) => t === type && x === id)) return null;
        return [m + 1, type, id, plan.salespersonOf(m), sentAt(m)];
      },
    ),
  );
  await timed('activities', () =>
    insertRows(
      sequelize,
      'activities',
      [
        'uid',
        'kind',
        'summary',
        'due_date',
        'assigned_user_id',
        'created_by_id',
        'record_type',
        'record_id',
        'partner_id',
        'status',
        'revision',
        'created_at',
        'updated_at',
      ],
      size.activities,
      (i) => {
        const partnerId = plan.skewedPartner(0.2);
        const user = plan.pick(plan.userIds);
        const created = plan.daysAgo(plan.random() * 600);
        const due = plan
          .daysAgo(plan.random() * 600 - 60)
          .toISOString()
          .slice(0, 10);
        const kind = plan.pick(['call', 'meeting', 'task', 'email']);
        return [
          `bench-activity-${i + 1}`,
          kind,
          `Nachfassen ${i + 1}`,
          due,
          user,
          user,
          'partner',
          partnerId,
          partnerId,
          plan.random() < 0.7 ? 'done' : 'open',
          0,
          created,
          created,
        ];
      },
    ),
  );
  await timed('traces', () =>
    insertRows(
      sequelize,
      'traces',
      ['record_type', 'record_id', 'partner_id', 'user_id', 'action', 'changes', 'created_at'],
      size.traces,
      (i) => {
        const partnerId = plan.skewedPartner(0.2);
        const changes = JSON.stringify({ jobTitle: [null, `Rolle ${i}`] });
        return [
          'partner',
          partnerId,
          partnerId,
          plan.pick(plan.userIds),
          'update',
          changes,
          plan.daysAgo(plan.random() * 800),
        ];
      },
    ),
  );
}
