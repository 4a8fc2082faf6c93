import { Deployment } from '@internal/plugin-dora-common';

/**
 * Whether a deployment counts for the metrics: it reached a production
 * environment (`environmentKind` `production`) successfully and, when an
 * environment name is given, went to that environment.
 */
export function isSuccessfulProductionDeployment(
  deployment: Deployment,
  environment?: string,
): boolean {
  return (
    deployment.environmentKind === 'production' &&
    deployment.status === 'success' &&
    (environment === undefined || deployment.environment === environment)
  );
}
