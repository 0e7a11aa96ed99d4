import { createTestEnv, TestEnv } from '../../support/test-env';

/** GET /history/recent: the dashboard's recent history across my records (salesperson me), newest first. */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('GET /history/recent', () => {
  it("lists the newest entries on my leads and partners, whoever made them, with the record's name", async () => {
    const own = env.as('own');
    const partner = await own.post('/api/v1/partners').send({ name: 'Meine Firma', salespersonId: env.users.own.id });
    const lead = await own.post('/api/v1/leads').send({ name: 'Mein Deal', salespersonId: env.users.own.id });
    // A colleague's record, and a change a colleague makes on mine.
    await env.as('own2').post('/api/v1/leads').send({ name: 'Olgas Deal' });
    await env.as('all').patch(`/api/v1/leads/${lead.body.id}`).send({ expectedRevenue: 5000 });

    const res = await own.get('/api/v1/history/recent?limit=10');
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{
      recordType: string;
      recordId: number;
      recordName: string;
      action: string;
      userId: number;
    }>;
    expect(items.map((item) => [item.recordName, item.action])).toEqual([
      ['Mein Deal', 'update'],
      ['Mein Deal', 'create'],
      ['Meine Firma', 'create'],
    ]);
    expect(items[0]).toMatchObject({ recordType: 'lead', recordId: lead.body.id, userId: env.users.all.id });
    expect(items[2]).toMatchObject({ recordType: 'partner', recordId: partner.body.id });

    expect((await own.get('/api/v1/history/recent?limit=1')).body.items).toHaveLength(1);
    expect((await own.get('/api/v1/history/recent?limit=0')).status).toBe(400);
    expect(
      (await env.as('own2').get('/api/v1/history/recent')).body.items.map((i: { recordName: string }) => i.recordName),
    ).toEqual(['Olgas Deal']);
  });
});
