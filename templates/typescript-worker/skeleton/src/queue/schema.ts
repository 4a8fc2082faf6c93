/** A table name that needs no more than double quotes. */
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,47}$/;

export function quotedTable(table: string): string {
  if (!IDENTIFIER.test(table)) {
    throw new Error(`"${table}" is not a valid queue table name (a-z, 0-9, _; at most 48 characters)`);
  }
  return `"${table}"`;
}

/**
 * The queue table and its indexes, created if they do not exist. Every
 * replica runs this at start; the advisory lock makes them take turns.
 *
 * - `status`: `queued` (waiting; `attempts` > 0 means it failed before and
 *   `run_after` is its retry time), `succeeded`, or `dead` (failed
 *   MAX_ATTEMPTS times or could never succeed; see `last_error`).
 * - A job being processed is still `queued`: its row is locked by the
 *   worker's transaction (`FOR UPDATE SKIP LOCKED`), which other replicas skip.
 *
 * To change the schema later, add statements that are safe to run again
 * (`ALTER TABLE … ADD COLUMN IF NOT EXISTS …`).
 */
export function migrationSql(table: string): string {
  const t = quotedTable(table);
  const name = (suffix: string) => `"${table}_${suffix}"`;
  return `
    SELECT pg_advisory_xact_lock(hashtext('${table}'));
    CREATE TABLE IF NOT EXISTS ${t} (
      id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      type        text        NOT NULL,
      payload     jsonb       NOT NULL DEFAULT '{}'::jsonb,
      status      text        NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'succeeded', 'dead')),
      attempts    integer     NOT NULL DEFAULT 0,
      run_after   timestamptz NOT NULL DEFAULT now(),
      last_error  text,
      created_at  timestamptz NOT NULL DEFAULT now(),
      updated_at  timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    );
    CREATE INDEX IF NOT EXISTS ${name('due_idx')} ON ${t} (run_after, id) WHERE status = 'queued';
    CREATE INDEX IF NOT EXISTS ${name('dead_idx')} ON ${t} (updated_at) WHERE status = 'dead';
    CREATE INDEX IF NOT EXISTS ${name('succeeded_idx')} ON ${t} (finished_at) WHERE status = 'succeeded';
  `;
}
