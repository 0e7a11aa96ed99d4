import type { Transaction } from 'sequelize';
import { createTestEnv, type TestEnv } from '../../support/test-env';
import { countStatements } from '../../support/statement-count';
import { inUnitOfWork } from '../../../server/src/db/unit-of-work';
import { sqlOf } from '../../../server/src/db/sql';
import type { DomainContext } from '../../../server/src/domain/context';
import { fileMessagesOn, type MessageToFile } from '../../../server/src/domain/messages/file-messages';
import { Message, MessageLink } from '../../../server/src/domain/messages/model';
import { prepareMessage } from '../../../server/src/domain/messages/service';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { fileEmails } from '../../../server/src/filing/file-message';
import { NotFoundError } from '../../../server/src/domain/errors';
import { makePartner } from '../filing/records';

/**
 * A mailbox's group of mail is filed in one unit of work by fileMessagesOn (domain/messages/file-messages.ts): the
 * statements do not grow with the group, the identity rules of the single filing hold inside a batch (the same
 * Message-ID and content is one message, stored once; another content under that id is a message of its own, never
 * linked to the first — issue #10 §2), and a refusal leaves nothing of the group.
 */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env.close());

const asOwn = async <T>(work: (ctx: DomainContext) => Promise<T>): Promise<T> => {
  const actor = await actorForUser((await User.findByPk(env.users.own.id))!);
  return inUnitOfWork(env.sequelize, (tx: Transaction) =>
    work({ actor, sequelize: env.sequelize, tx, blobs: env.services.blobs }),
  );
};
const count = async (table: string) =>
  Number((await sqlOf(env.sequelize).all<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
const written = async () => ({
  messages: await count('messages'),
  addresses: await count('message_addresses'),
  links: await count('message_links'),
  traces: await count('traces'),
});

const email = (messageId: string, body: string, to = 'own@example.test') => ({
  kind: 'email' as const,
  messageId,
  from: { address: 'kunde@batch.example', name: 'Kunde' },
  to: [{ address: to }],
  date: '2026-12-01T10:00:00Z',
  subject: `Betreff ${messageId}`,
  text: body,
  records: [],
});

async function partnerRecord(name: string) {
  const partner = await makePartner({ name, salespersonId: env.users.own.id });
  return { recordType: 'partner' as const, recordId: partner.id, partnerId: partner.id };
}

async function prepared(items: Array<{ id: string; body: string }>, record: MessageToFile['records'][number]) {
  const actor = await actorForUser((await User.findByPk(env.users.own.id))!);
  return items.map(({ id, body }) => ({ prepared: prepareMessage(actor, email(id, body)), records: [record] }));
}

describe('fileMessagesOn', () => {
  it('costs the same statements for a group of 1 as for 30', async () => {
    const record = await partnerRecord('Menge');
    let round = 0;
    const statementsFor = async (n: number) => {
      round++;
      const items = await prepared(
        Array.from({ length: n }, (_, i) => ({ id: `<menge-${round}-${i}@batch.example>`, body: `Text ${i}` })),
        record,
      );
      // The statements of the filing itself, inside the group's unit of work.
      return asOwn(async (ctx) => {
        const counter = countStatements(env.dialect);
        try {
          await fileMessagesOn(ctx, items);
          return counter.shapes.length;
        } finally {
          counter.restore();
        }
      });
    };
    await statementsFor(1); // warm: SQLite's driver asks a table's columns once per process (PRAGMA table_info)
    const one = await statementsFor(1);
    const thirty = await statementsFor(30);
    // The identity lookup, the message, its addresses, its link and the link's history entry.
    expect(one).toBe(5);
    // MariaDB has no INSERT … RETURNING: the ids of several new rows are read back by their key (one statement more).
    expect(thirty).toBe(one + (env.dialect === 'mariadb' ? 1 : 0));
    expect(await MessageLink.count({ where: { recordType: 'partner', recordId: record.recordId } })).toBe(32);
  });

  it('keeps the identity rules inside a batch: a duplicate is one message, another content its own, unlinked', async () => {
    const first = await partnerRecord('Erster');
    const second = await partnerRecord('Zweiter');
    // Stored before: the genuine mail under <alt@…> on the first record.
    const [stored] = await asOwn(async (ctx) =>
      fileMessagesOn(ctx, await prepared([{ id: '<alt@batch.example>', body: 'Echt' }], first)),
    );
    const items = await prepared(
      [
        { id: '<neu@batch.example>', body: 'Angebot' },
        { id: '<neu@batch.example>', body: 'Angebot' }, // the same message again (another folder, a copy)
        { id: '<neu@batch.example>', body: 'Gefälscht' }, // another content under a Message-ID of this batch
        { id: '<alt@batch.example>', body: 'Echt' }, // the stored one: only the missing link
        { id: '<alt@batch.example>', body: 'Attrappe' }, // another content under a stored Message-ID
      ],
      second,
    );
    const before = await written();
    const results = await asOwn((ctx) => fileMessagesOn(ctx, items));
    const ids = results.map((r) => Number(r.message.id));
    expect(results.map((r) => r.messageCreated)).toEqual([true, false, true, false, true]);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[3]).toBe(Number(stored.message.id));
    expect(new Set(ids).size).toBe(4);
    expect(results.map((r) => r.links.created.length)).toEqual([1, 0, 1, 1, 1]);
    expect(results[1].links.existing).toEqual([{ recordType: 'partner', recordId: second.recordId }]);
    const conflicts = await Message.findAll({ where: { id: ids }, attributes: ['id', 'messageIdConflict'] });
    const flagged = new Map(conflicts.map((m) => [Number(m.id), Boolean(m.messageIdConflict)]));
    expect([ids[0], ids[2], ids[3], ids[4]].map((id) => flagged.get(id))).toEqual([false, true, false, true]);
    // The different contents are never linked to the records of the message whose id they carry.
    const linksOf = async (id: number) =>
      (await MessageLink.findAll({ where: { messageId: id } })).map((l) => l.recordId).sort((a, b) => a - b);
    expect(await linksOf(ids[2])).toEqual([second.recordId]);
    expect(await linksOf(ids[4])).toEqual([second.recordId]);
    expect(await linksOf(ids[3])).toEqual([first.recordId, second.recordId].sort((a, b) => a - b));
    // Three new messages with their addresses (from + to each), four links with their 'file' history entries.
    expect(await written()).toEqual({
      messages: before.messages + 3,
      addresses: before.addresses + 6,
      links: before.links + 4,
      traces: before.traces + 4,
    });
  });

  it('writes nothing of a group when one of its messages is refused', async () => {
    const record = await partnerRecord('Ganz oder gar nicht');
    const hidden = await makePartner({ name: 'Fremd', salespersonId: env.users.own2.id });
    const actor = await actorForUser((await User.findByPk(env.users.own.id))!);
    const filing = (id: string, recordId: number) => ({
      prepared: {
        email: {
          messageId: id,
          messageIdSynthesized: false,
          inReplyTo: null,
          references: [],
          subject: 'Gruppe',
          from: { address: 'kunde@batch.example', name: null },
          to: [{ address: 'own@example.test', name: null }],
          cc: [],
          date: new Date('2026-12-01T10:00:00Z'),
          html: null,
          text: 'Text',
        },
        message: prepareMessage(actor, email(id, 'Text')),
        attachments: [],
      },
      targets: [{ recordType: 'partner' as const, recordId }],
    });
    const before = await written();
    await expect(
      asOwn((ctx) =>
        fileEmails(ctx, [
          filing('<gruppe-1@batch.example>', record.recordId),
          filing('<gruppe-2@batch.example>', record.recordId),
          filing('<gruppe-3@batch.example>', hidden.id),
        ]),
      ),
    ).rejects.toThrow(NotFoundError);
    expect(await written()).toEqual(before);
    // A crash after the group's rows are written, before its commit: the unit rolls back whole.
    const items = await prepared([{ id: '<gruppe-4@batch.example>', body: 'Text' }], record);
    await expect(
      asOwn(async (ctx) => {
        await fileMessagesOn(ctx, [...items, ...items]);
        throw new Error('killed');
      }),
    ).rejects.toThrow('killed');
    expect(await written()).toEqual(before);
  });
});
