export interface Config {
  /** DORA metrics (`@internal/plugin-dora-backend`). */
  dora?: {
    /**
     * The DORA report whose performance bands rank the metrics.
     * @default "2023"
     */
    bands?: '2021' | '2023' | '2024';
    /**
     * Which environment names count as production or staging. Names are
     * matched case-insensitively; `*` matches any run of characters, so
     * `production-*` takes `production-eu` and `production-us-east-1`.
     * Every production environment counts: a service deployed to two
     * regions has two production deployments.
     */
    environments?: {
      /** @default ["production", "prod", "production-*", "prod-*"] */
      production?: string[];
      /** @default ["staging", "stage", "staging-*", "stage-*"] */
      staging?: string[];
    };
  };
}
