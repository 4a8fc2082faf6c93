import { createBackend } from '@backstage/backend-defaults';
import { checkDatabaseConnection } from './database/checkDatabaseConnection';
import {
  DatabaseSettingError,
  readDatabaseEnvironment,
  toPostgresVariables,
} from './database/databaseEnvironment';
import { rootHttpRouterServiceFactory } from './observability/rootHttpRouterServiceFactory';
import { rootLoggerServiceFactory } from './observability/rootLoggerServiceFactory';
import { permissionPolicyModule } from './permissions/permissionPolicyModule';
import { runbooksSearchModule } from '@internal/plugin-runbooks-backend';

async function main() {
  const database = readDatabaseEnvironment(process.env);
  await checkDatabaseConnection(database);
  // app-config.yaml reads the connection from POSTGRES_*; DATABASE_URL is
  // translated so that both ways of configuring end up in one place.
  Object.assign(process.env, toPostgresVariables(database));

  const backend = createBackend();

  backend.add(rootLoggerServiceFactory);
  backend.add(rootHttpRouterServiceFactory);

  backend.add(import('@backstage/plugin-app-backend'));
  backend.add(import('@backstage/plugin-proxy-backend'));
  backend.add(import('@backstage/plugin-events-backend'));
  // GitHub webhooks at /api/events/http/github, HMAC-verified with
  // events.modules.github.webhookSecret, routed to github.<event> topics.
  backend.add(import('@backstage/plugin-events-backend-module-github'));

  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));

  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(
    import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  );
  backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
  backend.add(import('@backstage/plugin-catalog-backend-module-unprocessed'));
  // Repositories' own catalog-info.yaml (catalog.providers.github) and
  // organisation teams/members (catalog.providers.githubOrg).
  backend.add(import('@backstage/plugin-catalog-backend-module-github'));
  backend.add(import('@backstage/plugin-catalog-backend-module-github-org'));
  backend.add(
    import('@internal/plugin-catalog-backend-module-github-inference'),
  );
  backend.add(
    import('@internal/plugin-catalog-backend-module-cloud-resources'),
  );
  backend.add(
    import('@internal/plugin-catalog-backend-module-kubernetes-workloads'),
  );
  backend.add(import('@internal/plugin-catalog-backend-module-ingestion-runs'));

  backend.add(import('@backstage/plugin-scaffolder-backend'));
  backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
  backend.add(
    import('@backstage/plugin-scaffolder-backend-module-notifications'),
  );
  backend.add(
    import('@internal/plugin-scaffolder-backend-module-feature-flags'),
  );
  backend.add(
    import('@internal/plugin-scaffolder-backend-module-golden-paths'),
  );

  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(permissionPolicyModule);

  backend.add(import('@backstage/plugin-search-backend'));
  backend.add(import('@backstage/plugin-search-backend-module-pg'));
  backend.add(import('@backstage/plugin-search-backend-module-catalog'));
  backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

  backend.add(import('@backstage/plugin-techdocs-backend'));
  backend.add(import('@backstage/plugin-kubernetes-backend'));
  backend.add(import('@backstage/plugin-user-settings-backend'));
  backend.add(import('@backstage/plugin-notifications-backend'));
  backend.add(import('@backstage/plugin-signals-backend'));

  // Paved's own plugins.
  backend.add(import('@internal/plugin-dora-backend'));
  backend.add(import('@internal/plugin-runbooks-backend'));
  backend.add(runbooksSearchModule);
  backend.add(import('@internal/plugin-feature-flags-backend'));
  backend.add(import('@internal/plugin-cost-backend'));
  backend.add(import('@internal/plugin-golden-paths-backend'));

  await backend.start();
}

main().catch(error => {
  if (error instanceof DatabaseSettingError) {
    process.stderr.write(`Paved cannot start: ${error.message}\n`);
  } else {
    process.stderr.write(`Paved cannot start: ${error?.stack ?? error}\n`);
  }
  process.exit(1);
});
