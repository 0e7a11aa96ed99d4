import { QueryInterface } from 'sequelize';

/**
 * The kanban/report aggregate (GROUP BY stage with SUM(expected_revenue) and SUM(revenue × probability)) read every
 * opportunity row through the clustered index: one random page read per lead, ~0.5 s at 100k opportunities.
 * With revenue and probability in the index, InnoDB answers it from the index alone (a covering index scan).
 */
export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('leads', ['type', 'active', 'stage_id', 'expected_revenue', 'probability'], {
    name: 'leads_pipeline_totals',
  });
  await qi.removeIndex('leads', 'leads_pipeline');
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('leads', ['type', 'active', 'stage_id'], { name: 'leads_pipeline' });
  await qi.removeIndex('leads', 'leads_pipeline_totals');
}
