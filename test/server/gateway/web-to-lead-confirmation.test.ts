import { simpleParser } from 'mailparser';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { inUnitOfWork } from '../../../server/src/db/unit-of-work';
import { actorForUser } from '../../../server/src/domain/users/actors';
import { User } from '../../../server/src/domain/users/model';
import { Lead } from '../../../server/src/domain/leads/model';
import { Message, MessageLink } from '../../../server/src/domain/messages/model';
import { createLeadForm } from '../../../server/src/gateway/lead-forms';
import { DAY_MS } from '../../../server/src/gateway/form-confirmation';
import { windowIndexOf } from '../../../server/src/throttle/sliding-window';
import { startSmtpSink, SmtpSink } from '../../support/smtp-sink';

/**
 * Web-to-lead's optional confirmation email (issue #14): off by default; when on, one plain-text mail in the visitor's
 * language to the one address of the submission, with nothing the visitor typed in it, received by a real SMTP server
 * and stored on the new lead.
 */
let env: TestEnv;
let smtp: SmtpSink;
const site = 'https://www.kunde-site.example';

beforeAll(async () => {
  smtp = await startSmtpSink();
  env = await createTestEnv({
    AKTE_MAIL_GATEWAY: 'off',
    AKTE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    AKTE_SMTP_FROM: 'vertrieb@example.test',
  });
});
afterAll(async () => {
  await smtp.close();
  await env.close();
});

const newForm = async (extra: Record<string, unknown> = {}) => {
  const res = await env
    .as('admin')
    .post('/api/v1/lead-forms')
    .send({ teamId: env.teamId, name: 'Website', allowedOrigins: [site], minFillSeconds: 0, ...extra });
  expect(res.status).toBe(201);
  return { ...res.body, key: res.body.publicUrl.split('/forms/')[1] as string };
};
const submit = (key: string, fields: Record<string, unknown>, language = 'de-DE') =>
  env
    .anonymous()
    .post(`/forms/${key}`)
    .set('Origin', site)
    .set('Accept-Language', language)
    .set('Content-Type', 'application/json')
    .send(JSON.stringify({ startedAt: Date.now() - 5000, ...fields }));
/** Waits until the SMTP server has `count` messages (the confirmation is sent after the visitor's answer). */
const receivedCount = async (count: number) => {
  const deadline = Date.now() + 10_000;
  while (smtp.received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return smtp.received.length;
};

it('is off by default: a form without it sends nothing', async () => {
  const quiet = await newForm({ name: 'Leise' });
  expect(quiet.confirmationEmail).toBe(false);
  expect((await submit(quiet.key, { name: 'Stille', email: 'stille@web.example' })).status).toBe(201);
  // A confirming form's mail after it: once that one is in, the first would have been too.
  const loud = await newForm({ name: 'Laut', confirmationEmail: true });
  expect((await submit(loud.key, { name: 'Laut', email: 'laut@web.example' })).status).toBe(201);
  expect(await receivedCount(1)).toBe(1);
  expect(smtp.received.map((m) => m.to)).toEqual([['laut@web.example']]);
});

it('sends one plain-text mail in the visitor’s language to the one address, without anything the visitor typed, stored on the lead', async () => {
  const form = await newForm({ name: 'Angebotsanfrage', confirmationEmail: true });
  const before = smtp.received.length;
  const res = await submit(
    form.key,
    {
      name: '<script>alert(1)</script> Billig-Pillen http://spam.example',
      email: 'Besucher@Web.example',
      subject: '<b>Kaufen</b>',
      message: '<a href="http://spam.example">Klick</a>',
      locale: 'en',
    },
    'de-DE',
  );
  expect(res.status).toBe(201);
  expect(await receivedCount(before + 1)).toBe(before + 1);
  const got = smtp.received[before];
  expect(got.to).toEqual(['besucher@web.example']);
  expect(got.from).toBe('vertrieb@example.test');
  const mail = await simpleParser(got.raw);
  expect(mail.subject).toBe('We have received your message (Angebotsanfrage)');
  expect(mail.html).toBe(false);
  expect(mail.headers.get('content-type')).toMatchObject({ value: 'text/plain' });
  expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
  expect((mail.to as { value: unknown[] }).value).toEqual([{ address: 'besucher@web.example', name: '' }]);
  expect(mail.cc).toBeUndefined();
  for (const typed of ['script', 'Pillen', 'spam.example', 'Kaufen', 'Klick', '<'])
    expect(`${mail.subject}\n${mail.text}`).not.toContain(typed);
  expect(mail.text).toContain('thank you for your message');

  const lead = await Lead.findOne({ where: { emailFrom: 'Besucher@Web.example' } });
  // Stored on the lead right after the SMTP server took it.
  const deadline = Date.now() + 10_000;
  let stored = await Message.findOne({ where: { messageId: mail.messageId! } });
  while (!stored && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    stored = await Message.findOne({ where: { messageId: mail.messageId! } });
  }
  expect(stored).not.toBeNull();
  const links = await MessageLink.findAll({ where: { messageId: stored!.id } });
  expect(links.map((l) => `${l.recordType}:${l.recordId}`)).toEqual([`lead:${lead!.id}`]);
});

it('writes in the language of Accept-Language for an HTML form post (German; a JSON post’s locale wins, above)', async () => {
  const form = await newForm({ name: 'Kontakt {{lead.contactName}}', confirmationEmail: true });
  const before = smtp.received.length;
  const html = await env
    .anonymous()
    .post(`/forms/${form.key}`)
    .set('Accept-Language', 'de-DE,de;q=0.9')
    .type('form')
    .send({ name: 'Hanna', email: 'hanna@web.example', _started: String(Date.now() - 5000) });
  expect(html.status).toBe(200);
  expect(await receivedCount(before + 1)).toBe(before + 1);
  const mail = await simpleParser(smtp.received[before].raw);
  // Braces in the form's name cannot turn into a placeholder filled with what the visitor typed.
  expect(mail.subject).toBe('Ihre Nachricht ist bei uns eingegangen (Kontakt lead.contactName)');
  expect(mail.text).toContain('vielen Dank für Ihre Nachricht');
  expect(mail.text).not.toContain('Hanna');
});

it('never goes to a list or a header: such an address is refused with the form, and nothing is sent', async () => {
  const form = await newForm({ name: 'Liste', confirmationEmail: true });
  const before = smtp.received.length;
  for (const email of [
    'a@web.example, b@web.example',
    'a@web.example;b@web.example',
    'a@web.example\r\nBcc: b@web.example',
    'Name <a@web.example>',
  ]) {
    const res = await submit(form.key, { name: 'Liste', email });
    expect([email, res.status, Object.keys(res.body.error.fields)]).toEqual([email, 400, ['email']]);
  }
  // A last good one: once its mail is in, none of the refused would still come.
  expect((await submit(form.key, { name: 'Gut', email: 'gut@web.example' })).status).toBe(201);
  expect(await receivedCount(before + 1)).toBe(before + 1);
  expect(smtp.received.slice(before).map((m) => m.to)).toEqual([['gut@web.example']]);
});

it('cannot be switched on without an SMTP account to send with', async () => {
  const actor = await actorForUser((await User.findByPk(env.users.admin.id))!);
  const attempt = inUnitOfWork(env.sequelize, (tx) =>
    createLeadForm(
      { actor, sequelize: env.sequelize, tx, blobs: env.services.blobs },
      { teamId: env.teamId, name: 'Ohne SMTP', confirmationEmail: true },
      { smtpUrl: undefined },
    ),
  );
  await expect(attempt).rejects.toMatchObject({
    kind: 'invalid',
    details: { fields: { confirmationEmail: [expect.any(String)] } },
  });
});

it('mails an address at most once an hour per form and a form at most 100 times a day; the lead and the answer stay', async () => {
  const form = await newForm({ name: 'Flut', confirmationEmail: true });
  const before = smtp.received.length;
  const answers = [];
  // Three posts naming one address (spelled as a prober might vary it), then a second address.
  for (const email of ['opfer@web.example', 'Opfer@web.example', 'opfer@web.example', 'zweite@web.example'])
    answers.push(await submit(form.key, { name: 'Flut', email }));
  // The visitor learns nothing: every answer is the same, sent or not.
  expect(answers.map((a) => [a.status, a.body])).toEqual(Array(4).fill([201, { status: 'received' }]));
  expect(await Lead.count({ where: { teamId: env.teamId, contactName: 'Flut' } })).toBe(4);

  expect(await receivedCount(before + 2)).toBe(before + 2);
  // The form has had its 100 confirmations today (the shared attempt count, as 100 earlier posts leave it).
  const [, written] = await env.sequelize.query(
    'UPDATE attempt_counts SET hits = 100 WHERE kind = ? AND subject = ? AND window_index = ?',
    { replacements: ['lead-form-confirmation-day', String(form.id), windowIndexOf(Date.now(), DAY_MS)] },
  );
  expect(written).toBeTruthy();
  expect((await submit(form.key, { name: 'Flut', email: 'dritte@web.example' })).body).toEqual({ status: 'received' });
  expect(await Lead.count({ where: { teamId: env.teamId, contactName: 'Flut' } })).toBe(5);
  // Another confirming form still mails: once its mail is in, the refused ones would have been too.
  const other = await newForm({ name: 'Andere', confirmationEmail: true });
  expect((await submit(other.key, { name: 'Andere', email: 'dritte@web.example' })).status).toBe(201);
  expect(await receivedCount(before + 3)).toBe(before + 3);
  expect(smtp.received.slice(before).map((m) => m.to)).toEqual(
    expect.arrayContaining([['opfer@web.example'], ['zweite@web.example'], ['dritte@web.example']]),
  );
  await new Promise((r) => setTimeout(r, 200));
  expect(smtp.received.length).toBe(before + 3);
});
