import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { loadConfig } from './config';
import { createLogger } from './logger';
import { closeDatabase, openServices } from './bootstrap';
import type { Services } from './http/context';

/**
 * What every operator command (cli.ts, gateway/ and sync/cli-commands.ts) does around its own work: read its
 * `--name value` options into a zod schema, and run against the database of the environment as the server would
 * open it, closed again afterwards (background writes finished first, bootstrap.ts).
 */
export interface CommandIo {
  env: NodeJS.ProcessEnv;
  out: (line: string) => void;
}

/** Makes the CLI's usage error (exit code 2) from a message. */
export type UsageOf = (message: string) => Error;

/**
 * The options `names` (each with a value) and `flags` (without one), checked by `schema`; anything else, a
 * positional argument or a schema failure is a usage error naming every problem.
 */
export function parseCommandOptions<S extends z.ZodType>(
  schema: S,
  args: string[],
  names: string[],
  usage: UsageOf,
  flags: string[] = [],
): z.infer<S> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args,
      options: Object.fromEntries([
        ...names.map((n) => [n, { type: 'string' as const }]),
        ...flags.map((n) => [n, { type: 'boolean' as const }]),
      ]),
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    throw usage((err as Error).message);
  }
  const result = schema.safeParse(values);
  if (!result.success) throw usage(result.error.issues.map((i) => i.message).join('; '));
  return result.data;
}

/** Runs `work` on the services of the environment's database (migrated first), without logs. */
export async function withServices<T>(env: NodeJS.ProcessEnv, work: (services: Services) => Promise<T>): Promise<T> {
  const services = await openServices(loadConfig(env), createLogger('silent'));
  try {
    return await work(services);
  } finally {
    await closeDatabase(services.sequelize);
  }
}

/** Prints one result as one JSON line, for scripts (`| jq`). */
export function printJsonLine(io: Pick<CommandIo, 'out'>, value: unknown): void {
  io.out(JSON.stringify(value));
}
