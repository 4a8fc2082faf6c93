/**
 * One run of a catalog provider (a full pass over an organisation, a
 * cluster, a cloud account), as shown on the admin page and API.
 */
export type IngestionRunReport = {
  /** The provider's name as registered with the catalog, e.g. `kubernetes-workloads:production-eu`. */
  provider: string;
  /** What it reads: `github`, `kubernetes`, `aws`, `azure`, … */
  sourceKind: string;
  /** Where it reads from, for people: an organisation, a cluster, an account. */
  target: string;
  startedAt: Date;
  finishedAt: Date;
  /**
   * `complete`: the provider applied a full mutation. `failed`: it applied
   * nothing and the catalog keeps what it had.
   */
  outcome: 'complete' | 'failed';
  /** Named counts, e.g. `{ entities: 120, unowned: 3, requests: 41 }`. */
  counts: Record<string, number>;
  /**
   * What was skipped or wrong without failing the run (a malformed document,
   * a namespace that could not be listed), each naming its subject.
   */
  problems: IngestionProblem[];
  /** Why the run failed, when it did. */
  error?: string;
};

export type IngestionProblem = {
  /** What the problem is about, e.g. `lumen-retail/checkout:catalog-info.yaml`. */
  subject: string;
  message: string;
};

/** Records provider runs; backed by the catalog's PostgreSQL database. */
export interface IngestionRunsService {
  report(run: IngestionRunReport): Promise<void>;
  /** The most recent run of every provider, newest first. */
  latestRuns(): Promise<IngestionRunReport[]>;
  /** The last `limit` runs of one provider, newest first. */
  runsOf(provider: string, limit?: number): Promise<IngestionRunReport[]>;
}
