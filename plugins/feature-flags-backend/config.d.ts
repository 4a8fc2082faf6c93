export interface Config {
  /** Feature flags (`@internal/plugin-feature-flags-backend`). */
  featureFlags?: {
    /**
     * The environments every flag has a definition in, in rollout order.
     * Names are lower-case letters, digits and "-".
     * @default ["development", "staging", "production"]
     */
    environments?: string[];
    /**
     * Shared evaluators (flagd `$evaluators`): reusable JSON Logic segments
     * such as "internal staff" or "beta customers", referenced from a flag's
     * targeting with `{"$ref": "<name>"}`. Served with every flag set.
     */
    evaluators?: { [name: string]: any };
    /**
     * Environments where a change by someone who is not an owner of the
     * Component (e.g. the platform squad) waits for an owner's approval.
     * @default [the last environment]
     */
    approvalEnvironments?: string[];
    /** The shared evaluators the UI's rollout ladder uses for its steps. */
    rollout?: {
      /** Segment of the "internal" step, e.g. internal-staff. */
      internalEvaluator?: string;
      /** Segment of the "beta" step, e.g. beta-customers. */
      betaEvaluator?: string;
    };
    /** Evaluation counts per flag and variant. */
    evaluations?: {
      /** How often each replica writes its counts. @default 5 */
      flushSeconds?: number;
      /** Days of one-minute buckets kept. @default 30 */
      retentionDays?: number;
    };
    /** The stale-flag report. */
    staleness?: {
      /** A flag older than this without an evaluation anywhere is stale. @default 14 */
      noEvaluationsDays?: number;
    };
    /**
     * A JSON file of flags imported once, when the database has no flags
     * (the demo's): `{ "flags": [{ "entityRef", "key", "kind",
     * "description", "definitions": { "<environment>": <flagd definition> } }] }`.
     */
    seedFile?: string;
  };
}
