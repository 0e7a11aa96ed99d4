import { ImapFlow } from 'imapflow';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { appendMessages, RunningDovecot, startDovecot, stopDovecot } from '../../support/dovecot';
import { checkMailbox } from '../../../server/src/gateway/check-mailbox';
import { Message, MessageLink } from '../../../server/src/domain/messages/model';
import { DocumentRecord } from '../../../server/src/domain/documents/model';
import { makeLead, makePartner } from '../filing/records';
import { countStatements } from '../../support/statement-count';
import { addMailbox, mail } from './support';

let env: TestEnv;
let dovecot: RunningDovecot;

beforeAll(async () => {
  [env, dovecot] = await Promise.all([
    createTestEnv({ AKTE_MAIL_GATEWAY: 'off' }),
    startDovecot({ users: ['full', 'meta', 'batch', 'group'] }),
  ]);
});
afterAll(async () => {
  await stopDovecot(dovecot);
  await env.close();
});

/** The UIDs whose whole source (BODY[]) or header block imapflow was asked for, as the check sent them. */
function recordFetches() {
  const spy = jest.spyOn(ImapFlow.prototype, 'fetch');
  const uidsOf = (wanted: 'source' | 'headers') =>
    spy.mock.calls
      .filter(([, query]) => (query as Record<string, unknown>)[wanted])
      .flatMap(([range]) => String(range).split(',').map(Number))
      .sort((a, b) => a - b);
  return { sources: () => uidsOf('source'), headers: () => uidsOf('headers'), restore: () => spy.mockRestore() };
}

it('routes on the header block and fetches the whole message only of those taken (a reply to one of them too)', async () => {
  await makePartner({ name: 'Kopf GmbH', email: 'kunde@kopf.example', salespersonId: env.users.all.id });
  const mailboxId = await addMailbox(env, dovecot, 'all', 'full', {
    privacy: 'full',
    address: 'all@example.test',
    folders: ['INBOX'],
  });
  await appendMessages(dovecot, 'full', 'INBOX', [
    mail({
      from: 'kunde@kopf.example',
      to: 'all@example.test',
      id: '<taken@kopf.example>',
      attachment: { name: 'plan.pdf', content: '%PDF-1.4 plan' },
    }),
    mail({ from: 'fremd@privat.example', to: 'all@example.test', body: 'privat '.repeat(5000) }),
    mail({ from: 'kunde@kopf.example', to: 'all@example.test', headers: ['Auto-Submitted: auto-replied'] }),
    // An unknown colleague of the customer answers the first one: its thread is on the partner once that is stored.
    mail({
      from: 'kollege@kopf-partner.example',
      to: 'all@example.test',
      id: '<reply@kopf-partner.example>',
      inReplyTo: '<taken@kopf.example>',
    }),
  ]);
  const fetches = recordFetches();
  try {
    expect(await checkMailbox(env.services, mailboxId)).toEqual({
      taken: 2,
      skipped: 2,
      skippedBy: { no_known_contact: 1, auto_reply: 1 },
      errors: [],
    });
    expect(fetches.headers()).toEqual([1, 2, 3, 4]);
    // The stranger's and the auto-reply's bodies were never asked for.
    expect(fetches.sources()).toEqual([1, 4]);
  } finally {
    fetches.restore();
  }
  const reply = await Message.findOne({ where: { messageId: '<reply@kopf-partner.example>' } });
  expect(await MessageLink.count({ where: { messageId: reply!.id, recordType: 'partner' } })).toBe(1);
});

it('takes a metadata-only mailbox’s mail from the header block alone, unless the Message-ID must be derived from the bytes', async () => {
  await makePartner({ name: 'Meta KG', email: 'kunde@meta.example', salespersonId: env.users.all.id });
  const mailboxId = await addMailbox(env, dovecot, 'all', 'meta', {
    privacy: 'metadata',
    address: 'all@example.test',
    folders: ['INBOX'],
  });
  const withoutId = mail({ from: 'kunde@meta.example', to: 'all@example.test', subject: 'Ohne Kennung' }).replace(
    /^Message-ID: .*\r\n/m,
    '',
  );
  await appendMessages(dovecot, 'meta', 'INBOX', [
    mail({ from: 'kunde@meta.example', to: 'all@example.test', id: '<meta-1@meta.example>', body: 'Geheim' }),
    withoutId,
  ]);
  const fetches = recordFetches();
  try {
    expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: 2, skipped: 0, errors: [] });
    expect(fetches.sources()).toEqual([2]);
  } finally {
    fetches.restore();
  }
  expect(await Message.findOne({ where: { messageId: '<meta-1@meta.example>' } })).toMatchObject({
    subject: null,
    bodyText: null,
    fromAddress: 'kunde@meta.example',
  });
});

/** The SELECTs on `table` that Sequelize sends while `work` runs. */
async function selectsOn<T>(table: string, work: () => Promise<T>): Promise<{ result: T; selects: number }> {
  const options = (env.sequelize as unknown as { options: { logging: unknown } }).options;
  let selects = 0;
  options.logging = (sql: string) => {
    if (new RegExp(`^Executing \\([^)]*\\): SELECT .*? FROM \`?${table}\`? `).test(sql)) selects++;
  };
  try {
    return { result: await work(), selects };
  } finally {
    options.logging = false;
  }
}

it('checks the visibility of a batch’s partners and opportunities once, not once or twice per taken message', async () => {
  const partners = await Promise.all(
    [1, 2, 3, 4, 5, 6].map((n) =>
      makePartner({ name: `Stapel ${n}`, email: `p${n}@stapel.example`, salespersonId: env.users.all.id }),
    ),
  );
  const opportunity = await makeLead({
    name: 'Stapel-Dach',
    salespersonId: env.users.all.id,
    partnerId: partners[0].id,
  });
  const mailboxId = await addMailbox(env, dovecot, 'all', 'batch', {
    privacy: 'full',
    address: 'all@example.test',
    folders: ['INBOX'],
  });
  await appendMessages(
    dovecot,
    'batch',
    'INBOX',
    partners.map((_, i) => mail({ from: `p${i + 1}@stapel.example`, to: 'all@example.test', id: `<stapel-${i}@x>` })),
  );

  const { result, selects } = await selectsOn('partners', () => checkMailbox(env.services, mailboxId));

  expect(result).toMatchObject({ taken: 6, errors: [] });
  // One directory lookup for the header screening, one in the group's transaction: not 2 per message as before.
  expect(selects).toBe(2);
  const links = await MessageLink.findAll({ where: { recordType: 'lead', recordId: opportunity.id } });
  expect(links).toHaveLength(1);
});

it('stores a group of taken messages with their attachments in the statements of one: one per kind of row', async () => {
  const partner = await makePartner({
    name: 'Gruppe AG',
    email: 'kunde@gruppe.example',
    salespersonId: env.users.all.id,
  });
  const mailboxId = await addMailbox(env, dovecot, 'all', 'group', {
    privacy: 'full',
    address: 'all@example.test',
    folders: ['INBOX'],
  });
  let sent = 0;
  const statementsOfCheck = async (n: number) => {
    await appendMessages(
      dovecot,
      'group',
      'INBOX',
      Array.from({ length: n }, () =>
        mail({
          from: 'kunde@gruppe.example',
          to: 'all@example.test',
          id: `<gruppe-${sent}@x>`,
          attachment: { name: `angebot-${sent}.pdf`, content: `%PDF Angebot ${sent++}` },
        }),
      ),
    );
    const counter = countStatements(env.dialect);
    try {
      expect(await checkMailbox(env.services, mailboxId)).toMatchObject({ taken: n, errors: [] });
      return counter.shapes.filter((shape) =>
        /^(INSERT INTO|SELECT|UPDATE) `?(messages|message_\w+|traces|documents|changes|revision_counter)\b/.test(shape),
      );
    } finally {
      counter.restore();
    }
  };
  await statementsOfCheck(1); // the folder's first check (its cursor starts)
  const one = await statementsOfCheck(1);
  // 20: a fetch group holds up to 25 messages (check-mailbox.ts GROUP_MESSAGES).
  const twenty = await statementsOfCheck(20);
  expect(one.length).toBeGreaterThanOrEqual(8);
  // MariaDB has no INSERT … RETURNING: the ids of several new messages and documents are read back (a statement
  // more each).
  expect(twenty.length).toBe(one.length + (env.dialect === 'mariadb' ? 2 : 0));
  expect(await MessageLink.count({ where: { recordType: 'partner', recordId: partner.id } })).toBe(22);
  expect(await DocumentRecord.count({ where: { recordType: 'partner', recordId: partner.id } })).toBe(22);
});
