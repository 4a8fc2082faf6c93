import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { IngestionRunReport, IngestionRunsService } from '../types';

const TABLE = 'paved_ingestion_runs';
const MIGRATIONS_TABLE = 'paved_ingestion_runs_migrations';
/** Runs kept per provider; older ones are pruned on each report. */
const RUNS_KEPT = 50;
/** Problems kept per run: a broken org can report thousands. */
const PROBLEMS_KEPT = 200;

type Row = {
  provider: string;
  source_kind: string;
  target: string;
  started_at: Date | string;
  finished_at: Date | string;
  outcome: string;
  counts: Record<string, number> | string;
  problems: IngestionRunReport['problems'] | string;
  error: string | null;
};

const fromJson = <T>(value: T | string): T =>
  typeof value === 'string' ? JSON.parse(value) : value;

function toReport(row: Row): IngestionRunReport {
  return {
    provider: row.provider,
    sourceKind: row.source_kind,
    target: row.target,
    startedAt: new Date(row.started_at),
    finishedAt: new Date(row.finished_at),
    outcome: row.outcome === 'complete' ? 'complete' : 'failed',
    counts: fromJson(row.counts),
    problems: fromJson(row.problems),
    ...(row.error ? { error: row.error } : {}),
  };
}

/** Provider runs in the catalog's database. */
export class IngestionRunStore implements IngestionRunsService {
  static async create(database: DatabaseService): Promise<IngestionRunStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-catalog-ingestion-node',
          'migrations',
        ),
        // The catalog plugin's database has its own knex_migrations.
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new IngestionRunStore(client);
  }

  constructor(private readonly db: Knex) {}

  async report(run: IngestionRunReport): Promise<void> {
    const problems = run.problems.slice(0, PROBLEMS_KEPT);
    if (run.problems.length > PROBLEMS_KEPT) {
      problems.push({
        subject: run.target,
        message: `${run.problems.length - PROBLEMS_KEPT} more problems not shown`,
      });
    }
    await this.db.transaction(async tx => {
      await tx(TABLE).insert({
        provider: run.provider,
        source_kind: run.sourceKind,
        target: run.target,
        started_at: run.startedAt,
        finished_at: run.finishedAt,
        outcome: run.outcome,
        counts: JSON.stringify(run.counts),
        problems: JSON.stringify(problems),
        error: run.error ?? null,
      });
      const kept = tx(TABLE)
        .select('id')
        .where({ provider: run.provider })
        .orderBy('id', 'desc')
        .limit(RUNS_KEPT);
      await tx(TABLE)
        .where({ provider: run.provider })
        .whereNotIn('id', kept)
        .delete();
    });
  }

  async latestRuns(): Promise<IngestionRunReport[]> {
    const rows: Row[] = await this.db(TABLE)
      .distinctOn('provider')
      .select('*')
      .orderBy([
        { column: 'provider' },
        { column: 'id', order: 'desc' },
      ]);
    return rows
      .map(toReport)
      .sort((a, b) => b.finishedAt.getTime() - a.finishedAt.getTime());
  }

  async runsOf(provider: string, limit = 20): Promise<IngestionRunReport[]> {
    const rows: Row[] = await this.db(TABLE)
      .where({ provider })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.map(toReport);
  }
}
