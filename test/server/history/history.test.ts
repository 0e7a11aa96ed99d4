import { createTestEnv, TestEnv } from '../../support/test-env';
import { makeLead, makePartner } from './records';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('GET /history', () => {
  it('returns the traces of one record newest first, page by page', async () => {
    const partner = await makePartner(env, 'own', 'History Partner');
    const lead = await makeLead(env, 'own', partner);
    const note = async (body: string, recordType = 'partner', recordId = partner) =>
      (
        await env
          .as('own')
          .post('/api/v1/messages')
          .send({ kind: 'note', body, records: [{ recordType, recordId }] })
      ).body.message.id as number;
    const first = await note('first');
    await note('on the lead', 'lead', lead);
    const second = await note('second');
    const doc = await env
      .as('own')
      .post(`/api/v1/documents?recordType=partner&recordId=${partner}&name=x.txt`)
      .set('Content-Type', 'text/plain')
      .send('x');
    const third = await note('third');

    const all = await env.as('own').get(`/api/v1/history?recordType=partner&recordId=${partner}`);
    expect(all.status).toBe(200);
    expect(
      all.body.items.map((t: { action: string; changes: Record<string, unknown> }) => [
        t.action,
        t.changes.messageId ?? t.changes.documentId,
      ]),
    ).toEqual([
      ['file', third],
      ['document', doc.body.id],
      ['file', second],
      ['file', first],
    ]);
    expect(all.body.items[0]).toMatchObject({
      recordType: 'partner',
      recordId: partner,
      partnerId: partner,
      userId: env.users.own.id,
    });
    expect(Date.parse(all.body.items[0].createdAt)).toBeGreaterThan(Date.now() - 60_000);

    const page1 = await env.as('own').get(`/api/v1/history?recordType=partner&recordId=${partner}&limit=3`);
    const page2 = await env
      .as('own')
      .get(`/api/v1/history?recordType=partner&recordId=${partner}&limit=3&cursor=${page1.body.nextCursor}`);
    expect([...page1.body.items, ...page2.body.items].map((t: { id: number }) => t.id)).toEqual(
      all.body.items.map((t: { id: number }) => t.id),
    );
    expect(page2.body.nextCursor).toBeNull();

    const leadHistory = await env.as('own').get(`/api/v1/history?recordType=lead&recordId=${lead}`);
    expect(leadHistory.body.items).toHaveLength(1);
  });

  it("answers 404 for records outside the actor's scope and 400 for bad parameters", async () => {
    const hidden = await makePartner(env, 'own2', 'Hidden');
    expect((await env.as('own').get(`/api/v1/history?recordType=partner&recordId=${hidden}`)).status).toBe(404);
    expect((await env.as('all').get(`/api/v1/history?recordType=partner&recordId=${hidden}`)).status).toBe(200);
    for (const query of [
      'recordType=partner',
      'recordType=user&recordId=1',
      'recordType=partner&recordId=abc',
      `recordType=partner&recordId=${hidden}&limit=0`,
      `recordType=partner&recordId=${hidden}&cursor=%%%`,
    ]) {
      expect((await env.as('all').get(`/api/v1/history?${query}`)).status).toBe(400);
    }
  });
});
