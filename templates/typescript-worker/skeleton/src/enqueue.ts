/**
 * Adds one job to the queue, to try the worker out:
 *
 *   npm run build
 *   DATABASE_URL=postgresql://… npm run enqueue -- send-welcome-email '{"email":"ana@example.com","name":"Ana"}'
 *
 * Prints `{"jobId":"…","type":"…","correlationId":"…"}`. The payload is
 * checked with the handler's schema first, so a typo fails here rather
 * than in the dead-letter state. Options: `--delay-ms N` (run later),
 * `--correlation-id ID`.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { ConfigError, JOBS_TABLE, loadConfig } from './config';
import { createPool } from './db';
import { createHandlers } from './handlers';
import { InvalidPayloadError, validatePayload } from './handlers/registry';
import { PostgresJobStore } from './queue/postgresStore';

const USAGE = "usage: npm run enqueue -- <type> '<json payload>' [--delay-ms N] [--correlation-id ID]";

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        'delay-ms': { type: 'string' },
        'correlation-id': { type: 'string' },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  const { positionals, values } = parsed;
  const [type, json = '{}', ...rest] = positionals;
  if (!type || rest.length > 0) throw new UsageError(USAGE);

  const handlers = createHandlers();
  const handler = handlers.get(type);
  if (!handler) {
    throw new UsageError(`unknown job type "${type}"; this worker runs: ${handlers.types().join(', ')}`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    throw new UsageError(`the payload is not JSON: ${json}`);
  }
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw new UsageError('the payload must be a JSON object');
  }
  validatePayload(handler, payload);

  const delayMs = values['delay-ms'] === undefined ? 0 : Number(values['delay-ms']);
  if (!Number.isInteger(delayMs) || delayMs < 0) throw new UsageError('--delay-ms must be a whole number of milliseconds');

  const config = loadConfig(process.env);
  const correlationId = values['correlation-id'] ?? randomUUID();
  const pool = createPool(config.databaseUrl, 0, err => {
    process.stderr.write(`database connection failed: ${err.message}\n`);
  });
  const store = new PostgresJobStore(pool, JOBS_TABLE);
  try {
    await store.migrate();
    const jobId = await store.enqueue(type, payload as Record<string, unknown>, { delayMs, correlationId });
    process.stdout.write(`${JSON.stringify({ jobId, type, correlationId })}\n`);
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof InvalidPayloadError) {
    // A mistake in the command: its message says what to fix.
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
