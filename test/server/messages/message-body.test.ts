import { MESSAGE_BODY_CSP } from '../../../server/src/api/messages/body-page';
import { createTestEnv, TestEnv } from '../../support/test-env';
import { makeLead, makePartner } from '../history/records';

/**
 * GET /messages/:id/body: the page the back office frames to show an e-mail. Its own CSP (no script, no remote
 * load, sandboxed), frameable by the app only, visible only to who may see the message.
 */
let env: TestEnv;
let lead: number;
beforeAll(async () => {
  env = await createTestEnv();
  lead = await makeLead(env, 'own', await makePartner(env, 'own', 'Body Partner'));
});
afterAll(async () => {
  await env.close();
});

async function file(extra: Record<string, unknown>): Promise<number> {
  const res = await env
    .as('own')
    .post('/api/v1/messages')
    .send({
      kind: 'email',
      messageId: `<body-${Math.random().toString(36).slice(2)}@mail.example.com>`,
      from: { address: 'kunde@example.com' },
      date: '2025-04-01T08:15:00+02:00',
      subject: 'Angebot',
      records: [{ recordType: 'lead', recordId: lead }],
      ...extra,
    });
  expect(res.status).toBe(201);
  return res.body.message.id as number;
}

describe('GET /messages/:id/body', () => {
  it('answers the sanitized HTML as a sandboxed page without script or remote loads, frameable by the app only', async () => {
    const id = await file({
      html: '<p style="color: red" onclick="steal()">Hallo<script>alert(1)</script><img src="https://t.example/p.gif"></p>',
    });
    const res = await env.as('own').get(`/api/v1/messages/${id}/body`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(MESSAGE_BODY_CSP);
    expect(MESSAGE_BODY_CSP).toContain("default-src 'none'");
    expect(MESSAGE_BODY_CSP).toMatch(/(^|; )sandbox( |;|$)/);
    expect(MESSAGE_BODY_CSP).not.toContain('allow-scripts');
    expect(MESSAGE_BODY_CSP).not.toContain('allow-same-origin');
    expect(MESSAGE_BODY_CSP).toContain("frame-ancestors 'self'");
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.text).toContain('<p style="color:red">Hallo<img data-remote-src="https://t.example/p.gif" /></p>');
    expect(res.text).not.toMatch(/script|onclick| src=/i);
  });

  it('shows a plain-text message escaped', async () => {
    const id = await file({ text: 'a < b & <script>x</script>' });
    const res = await env.as('own').get(`/api/v1/messages/${id}/body`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('a &lt; b &amp; &lt;script&gt;x&lt;/script&gt;');
  });

  it('is "not found" for a user who may not see the message, and for none', async () => {
    const id = await file({ text: 'secret' });
    expect((await env.as('own2').get(`/api/v1/messages/${id}/body`)).status).toBe(404);
    expect((await env.as('own').get('/api/v1/messages/999999/body')).status).toBe(404);
  });
});
