import type { TestEnv } from '../../support/test-env';

export interface Pipeline {
  newId: number;
  qualifiedId: number;
  proposalId: number;
  wonId: number;
  lostReasonId: number;
}

/** The stages most lead tests need: New 10 %, Qualified 30 %, Proposal 60 %, Won 100 % (folded, isWon). */
export async function setupPipeline(env: TestEnv): Promise<Pipeline> {
  const stage = async (body: Record<string, unknown>): Promise<number> => {
    const res = await env.as('admin').post('/api/v1/stages').send(body);
    if (res.status !== 201) throw new Error(`stage setup failed: ${JSON.stringify(res.body)}`);
    return res.body.id as number;
  };
  // Created out of order on purpose: "first stage" must mean lowest sequence, not lowest id.
  const qualifiedId = await stage({ name: 'Qualified', sequence: 20, probability: 30 });
  const newId = await stage({ name: 'New', sequence: 10, probability: 10 });
  const proposalId = await stage({ name: 'Proposal', sequence: 30, probability: 60 });
  const wonId = await stage({ name: 'Won', sequence: 90, probability: 100, isWon: true, folded: true });
  const reason = await env.as('admin').post('/api/v1/lost-reasons').send({ name: 'Too expensive' });
  return { newId, qualifiedId, proposalId, wonId, lostReasonId: reason.body.id };
}

export async function tracesOf(
  env: TestEnv,
  leadId: number,
): Promise<
  Array<{ action: string; changes: Record<string, unknown>; partnerId: number | null; userId: number | null }>
> {
  const [rows] = await env.sequelize.query(
    `SELECT action, changes, partner_id, user_id FROM traces WHERE record_type = 'lead' AND record_id = ${Number(leadId)} ORDER BY id`,
  );
  type Row = { action: string; changes: string; partner_id: number | null; user_id: number | null };
  return (rows as Row[]).map((r) => ({
    action: r.action,
    changes: JSON.parse(r.changes) as Record<string, unknown>,
    partnerId: r.partner_id,
    userId: r.user_id,
  }));
}

export async function countRows(env: TestEnv, table: string): Promise<number> {
  const [rows] = await env.sequelize.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number((rows as Array<{ n: number | string }>)[0].n);
}
