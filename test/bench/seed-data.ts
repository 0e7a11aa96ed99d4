import { Sequelize } from 'sequelize';
import { SeedPlan, seedSize } from './seed-plan';
import { seedPartners, seedPipeline } from './seed-partners';
import { seedHistory } from './seed-history';

/** Loads the benchmark data set (see seed-plan.ts) into a freshly migrated database, logging each table's time. */
export async function seedBenchData(
  sequelize: Sequelize,
  userIds: number[],
  scale: number,
  log: (line: string) => void,
): Promise<SeedPlan> {
  const plan = new SeedPlan(seedSize(scale), userIds);
  const timed = async (what: string, work: () => Promise<number>) => {
    const t0 = performance.now();
    const rows = await work();
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    log(`  ${what.padEnd(18)} ${String(rows).padStart(9)} rows  ${seconds.padStart(6)} s`);
  };
  await seedPartners(sequelize, plan, timed);
  await seedPipeline(sequelize, plan, timed);
  await seedHistory(sequelize, plan, timed);
  return plan;
}
