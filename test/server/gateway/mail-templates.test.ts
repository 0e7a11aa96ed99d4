import { simpleParser } from 'mailparser';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { makeLead, makePartner } from '../filing/records';
import { startSmtpSink, SmtpSink } from '../../support/smtp-sink';

/**
 * Stored mail templates (issue #14): a user's own and a team's, beside the built-in ones, through
 * /api/v1/mail/templates; who sees which; placeholders checked by name; and POST /mail/send using them, received by
 * a real SMTP server.
 */
let env: TestEnv;
let smtp: SmtpSink;

beforeAll(async () => {
  smtp = await startSmtpSink();
  env = await createTestEnv({
    AKTE_MAIL_GATEWAY: 'off',
    AKTE_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    AKTE_SMTP_FROM: 'crm@example.test',
  });
});
afterAll(async () => {
  await smtp.close();
  await env.close();
});

const template = (extra: Record<string, unknown> = {}) => ({
  name: 'erstkontakt',
  locale: 'de',
  subject: 'Hallo {{partner.name}}',
  body: 'Guten Tag {{partner.name}}, zu {{opportunity.name}} melde ich mich. {{user.name}}',
  ...extra,
});

describe('stored mail templates', () => {
  let ownId: number;
  let teamId: number;

  it('are stored per user or per team; a user sees their own, their teams’ and the built-in ones, others 404', async () => {
    const own = await env.as('own').post('/api/v1/mail/templates').send(template());
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ name: 'erstkontakt', locale: 'de', scope: 'own', teamId: null });
    ownId = own.body.id;
    const team = await env
      .as('all')
      .post('/api/v1/mail/templates')
      .send(template({ name: 'team-gruss', locale: 'en', subject: 'Hello {{partner.name}}', teamId: env.teamId }));
    expect(team.status).toBe(201);
    expect(team.body).toMatchObject({ scope: 'team', teamId: env.teamId });
    teamId = team.body.id;

    const names = async (user: 'own' | 'all' | 'own2' | 'admin') => {
      const res = await env.as(user).get('/api/v1/mail/templates');
      expect(Object.keys(res.body.templates)).toEqual(['follow-up', 'quotation']);
      return res.body.stored.map((t: { name: string }) => t.name);
    };
    expect(await names('own')).toEqual(['erstkontakt', 'team-gruss']);
    expect(await names('all')).toEqual(['team-gruss']);
    // own2 is in no team; the administrator sees every team's template (they configure teams), nobody's own.
    expect(await names('own2')).toEqual([]);
    expect(await names('admin')).toEqual(['team-gruss']);
    expect((await env.as('own2').get(`/api/v1/mail/templates/${ownId}`)).status).toBe(404);
    expect((await env.as('all').get(`/api/v1/mail/templates/${ownId}`)).status).toBe(404);
    expect((await env.as('own2').patch(`/api/v1/mail/templates/${teamId}`).send({ name: 'x' })).status).toBe(404);
    expect((await env.as('own2').delete(`/api/v1/mail/templates/${teamId}`)).status).toBe(404);
    expect((await env.as('own').get(`/api/v1/mail/templates/${teamId}`)).body.subject).toBe('Hello {{partner.name}}');
  });

  it('refuse unknown placeholders by name, a team one is not in, a second template of the same name and language, bad fields', async () => {
    const typo = await env
      .as('own')
      .post('/api/v1/mail/templates')
      .send(template({ name: 'tippfehler', subject: '{{partner.nmae}}', body: '{{opportunity.name}} {{kunde}}' }));
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toBe('Unknown placeholders: partner.nmae, kunde');
    expect(typo.body.error.fields).toEqual({
      subject: ['Unknown placeholders: {{partner.nmae}}'],
      body: ['Unknown placeholders: {{kunde}}'],
    });
    const patchTypo = await env.as('own').patch(`/api/v1/mail/templates/${ownId}`).send({ body: '{{lead.nam}}' });
    expect([patchTypo.status, patchTypo.body.error.message]).toEqual([400, 'Unknown placeholders: lead.nam']);
    const foreignTeam = await env
      .as('own2')
      .post('/api/v1/mail/templates')
      .send(template({ teamId: env.teamId }));
    expect([foreignTeam.status, foreignTeam.body.error.code]).toEqual([403, 'not_team_member']);
    const twice = await env.as('own').post('/api/v1/mail/templates').send(template());
    expect([twice.status, twice.body.error.code]).toEqual([409, 'template_exists']);
    // The same name in English is another template.
    expect(
      (
        await env
          .as('own')
          .post('/api/v1/mail/templates')
          .send(template({ locale: 'en' }))
      ).status,
    ).toBe(201);
    // As large as the column holds (MariaDB TEXT: 65,535 bytes, four a character at most), and no larger.
    const large = await env
      .as('own')
      .post('/api/v1/mail/templates')
      .send(template({ name: 'lang', body: 'ä'.repeat(16_000) }));
    expect(large.status).toBe(201);
    const tooLarge = await env
      .as('own')
      .post('/api/v1/mail/templates')
      .send(template({ name: 'zu-lang', body: 'ä'.repeat(40_000) }));
    expect([tooLarge.status, Object.keys(tooLarge.body.error.fields ?? {})]).toEqual([400, ['body']]);
    const tooLargePatch = await env
      .as('own')
      .patch(`/api/v1/mail/templates/${large.body.id}`)
      .send({ body: 'ä'.repeat(40_000) });
    expect(tooLargePatch.status).toBe(400);
    const bad = await env
      .as('own')
      .post('/api/v1/mail/templates')
      .send(template({ locale: 'fr', subject: '' }));
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(['locale', 'subject']);
  });

  it('stay one per owner, name and language when created at the same moment', async () => {
    const tries = await Promise.all(
      Array.from({ length: 6 }, () =>
        env
          .as('own')
          .post('/api/v1/mail/templates')
          .send(template({ name: 'gleichzeitig' })),
      ),
    );
    expect(tries.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    const stored = (await env.as('own').get('/api/v1/mail/templates')).body.stored;
    expect(stored.filter((t: { name: string }) => t.name === 'gleichzeitig')).toHaveLength(1);
  });

  it('are changed and deleted by whoever sees them', async () => {
    const changed = await env
      .as('own')
      .patch(`/api/v1/mail/templates/${ownId}`)
      .send({ subject: 'Guten Tag {{partner.name}}' });
    expect([changed.status, changed.body.subject]).toEqual([200, 'Guten Tag {{partner.name}}']);
    const scratch = await env
      .as('own')
      .post('/api/v1/mail/templates')
      .send(template({ name: 'weg' }));
    expect((await env.as('own').delete(`/api/v1/mail/templates/${scratch.body.id}`)).status).toBe(204);
    expect((await env.as('own').get(`/api/v1/mail/templates/${scratch.body.id}`)).status).toBe(404);
  });

  it('are used by POST /mail/send by name (own before team before built-in) or by id, filled from the record', async () => {
    const partner = await makePartner({
      name: 'Vorlage AG',
      email: 'vorlage@kunde.example',
      salespersonId: env.users.own.id,
    });
    const lead = await makeLead({ name: 'Wärmepumpe', salespersonId: env.users.own.id, partnerId: partner.id });
    const send = (body: Record<string, unknown>) =>
      env
        .as('own')
        .post('/api/v1/mail/send')
        .send({ record: { recordType: 'lead', recordId: lead.id }, ...body });
    const last = async () => simpleParser(smtp.received[smtp.received.length - 1].raw);

    expect((await send({ template: 'erstkontakt', locale: 'de' })).status).toBe(200);
    const mail = await last();
    expect(mail.subject).toBe('Guten Tag Vorlage AG');
    expect(mail.text?.trim()).toBe('Guten Tag Vorlage AG, zu Wärmepumpe melde ich mich. Otto Eigen');

    expect((await send({ templateId: teamId })).status).toBe(200);
    expect((await last()).subject).toBe('Hello Vorlage AG');

    // A stored template named like a built-in one is the one used (own before team before built-in).
    await env
      .as('own')
      .post('/api/v1/mail/templates')
      .send(template({ name: 'quotation', locale: 'en', subject: 'Our offer for {{partner.name}}', body: 'Offer.' }));
    expect((await send({ template: 'quotation', locale: 'en' })).status).toBe(200);
    expect((await last()).subject).toBe('Our offer for Vorlage AG');
    expect((await send({ template: 'quotation', locale: 'de' })).status).toBe(200);
    expect((await last()).subject).toBe('Angebot: Wärmepumpe');

    const count = smtp.received.length;
    const unknown = await send({ template: 'gibtsnicht' });
    expect([unknown.status, unknown.body.error.message]).toEqual([400, 'Unknown template "gibtsnicht" in de']);
    // On a record own2 sees: the 404 must come from the template (another user's), not from the record.
    const own2Partner = await makePartner({ name: 'Zwei KG', salespersonId: env.users.own2.id });
    const foreign = await env
      .as('own2')
      .post('/api/v1/mail/send')
      .send({
        record: { recordType: 'partner', recordId: own2Partner.id },
        templateId: ownId,
        to: ['x@kunde.example'],
      });
    expect([foreign.status, foreign.body.error.message]).toEqual([404, `Mail template ${ownId} not found`]);
    // By name, another user's template is no template at all: the message lists only what own2 may use.
    const foreignName = await env
      .as('own2')
      .post('/api/v1/mail/send')
      .send({
        record: { recordType: 'partner', recordId: own2Partner.id },
        template: 'erstkontakt',
        to: ['x@kunde.example'],
      });
    expect(foreignName.status).toBe(400);
    expect(JSON.stringify(foreignName.body)).not.toContain('erstkontakt (');
    const both = await send({ template: 'erstkontakt', templateId: ownId });
    expect(both.status).toBe(400);
    const typo = await send({ subject: 'Hallo {{partner.nmae}}', body: 'x' });
    expect([typo.status, typo.body.error.message]).toEqual([400, 'Unknown placeholders: partner.nmae']);
    expect(smtp.received.length).toBe(count);
  });

  it('are listed in the OpenAPI document', async () => {
    const doc = await env.anonymous().get('/api/v1/openapi.json');
    expect(Object.keys(doc.body.paths['/api/v1/mail/templates'] ?? {}).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.body.paths['/api/v1/mail/templates/{id}'] ?? {}).sort()).toEqual(['delete', 'get', 'patch']);
  });
});
