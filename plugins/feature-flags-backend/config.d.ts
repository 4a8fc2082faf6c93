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
  };
}
