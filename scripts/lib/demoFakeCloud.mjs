// The demo's fake cloud: packages/fake-cloud serving the Lumen Retail org
// (the same organisation as catalog-info/) as GitHub, AWS and Azure would,
// and the config that points the portal's integrations and providers at it.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths.mjs';
import { findFreePort } from './embeddedPostgres.mjs';
import { DEMO_FEATURE_FLAG_SEED } from './demoFlagTraffic.mjs';

const DEFAULT_PORTS = {
  FAKE_GITHUB_PORT: 7101,
  FAKE_AWS_PORT: 7110,
  FAKE_AZURE_PORT: 7111,
  FAKE_COST_EXPLORER_PORT: 7112,
  FAKE_K8S_STAGING_PORT: 7120,
  FAKE_K8S_PRODUCTION_PORT: 7121,
  FAKE_OPENCOST_STAGING_PORT: 7130,
  FAKE_OPENCOST_PRODUCTION_PORT: 7131,
};

/** How often the demo's providers run: soon after start, then every few minutes. */
const DEMO_SCHEDULE = {
  frequency: { minutes: 5 },
  timeout: { minutes: 2 },
  initialDelay: { seconds: 2 },
};

/** The secret the demo's GitHub webhooks are signed with. */
export const DEMO_WEBHOOK_SECRET = 'lumen-retail-demo-webhook-secret';

/**
 * Starts `yarn dev:fake-cloud` and resolves once it serves, with what it
 * printed on its `[fake-cloud] ready {…}` line and a stop function. Ports
 * are the defaults when free; `ephemeralPorts` lets the OS choose (tests).
 */
export async function startDemoFakeCloud({ ephemeralPorts = false } = {}) {
  const ports = {};
  for (const [name, preferred] of Object.entries(DEFAULT_PORTS)) {
    ports[name] = String(ephemeralPorts ? 0 : await findFreePort(preferred));
  }
  const child = spawn('yarn', ['dev:fake-cloud'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...ports },
  });
  const ready = await new Promise((resolve, reject) => {
    let output = '';
    child.stdout.on('data', chunk => {
      output += chunk;
      const match = /\[fake-cloud\] ready (\{.*\})\n/.exec(output);
      if (match) resolve(JSON.parse(match[1]));
    });
    child.once('exit', code =>
      reject(new Error(`the fake cloud exited (code ${code}) before it served`)),
    );
  });
  return {
    ...ready,
    stop: () =>
      new Promise(resolve => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        process.kill(-child.pid, 'SIGTERM');
      }),
  };
}

/**
 * The catalog files the demo still registers by hand when GitHub serves the
 * components' own catalog-info.yaml: the organisation, systems, APIs and
 * hand-written resources (app-config.yaml lists these plus the components).
 */
const DECLARED_OUTSIDE_REPOSITORIES = ['org.yaml', 'systems.yaml', 'apis.yaml', 'resources.yaml'];

/** The golden-path templates in templates/ (app-config.yaml lists the same). */
const GOLDEN_PATH_TEMPLATES = ['typescript-service', 'typescript-worker', 'add-runbook'];

/**
 * Config overrides (APP_CONFIG_* variables) for a portal using the fake
 * cloud. `catalogDir` is where catalog-info/ is for the backend.
 */
export function demoFakeCloudConfigEnv(
  fakeCloud,
  { catalogDir = join(ROOT, 'catalog-info'), templatesDir = join(ROOT, 'templates') } = {},
) {
  const { github, aws, azure, kubernetes, cost, credentials } = fakeCloud;
  return {
    APP_CONFIG_integrations_github: JSON.stringify([
      { host: 'github.com', apiBaseUrl: github.apiBaseUrl, token: credentials.githubToken },
    ]),
    // Components come from their repositories' catalog-info.yaml through
    // the upstream GitHub provider, as in a real organisation.
    APP_CONFIG_catalog_locations: JSON.stringify([
      ...DECLARED_OUTSIDE_REPOSITORIES.map(file => ({ type: 'file', target: join(catalogDir, file) })),
      ...GOLDEN_PATH_TEMPLATES.map(name => ({
        type: 'file',
        target: join(templatesDir, name, 'template.yaml'),
        rules: [{ allow: ['Template'] }],
      })),
    ]),
    APP_CONFIG_catalog_providers_github: JSON.stringify({
      [github.organization]: {
        organization: github.organization,
        catalogPath: '/catalog-info.yaml',
        validateLocationsExist: true,
        pageSizes: { repositories: 100 },
        schedule: DEMO_SCHEDULE,
      },
    }),
    APP_CONFIG_events_modules_github_webhookSecret: DEMO_WEBHOOK_SECRET,
    // DORA reads the fake GitHub's delivery history once the catalog has
    // loaded, then every few minutes (each pass reads only what is new).
    APP_CONFIG_dora_github_schedule: JSON.stringify({
      frequency: { minutes: 5 },
      timeout: { minutes: 4 },
      initialDelay: { seconds: 30 },
    }),
    // Runbooks are read from the fake repositories soon after the catalog
    // has them, then every minute (an unchanged repository is one request);
    // coverage checks the Prometheus rules in paved-portal.
    APP_CONFIG_runbooks_schedule: JSON.stringify({
      frequency: { minutes: 1 },
      timeout: { minutes: 1 },
      initialDelay: { seconds: 20 },
    }),
    APP_CONFIG_runbooks_searchSchedule: JSON.stringify({
      frequency: { minutes: 1 },
      timeout: { minutes: 2 },
      initialDelay: { seconds: 40 },
    }),
    APP_CONFIG_runbooks_prometheusRules: JSON.stringify([
      { url: `https://github.com/${github.organization}/paved-portal/blob/main/monitoring/prometheus/alerts.yaml` },
    ]),
    // The squads' feature flags (and the demo services' API keys), imported
    // into an empty feature flags database.
    APP_CONFIG_featureFlags_seedFile: DEMO_FEATURE_FLAG_SEED,
    APP_CONFIG_catalog_providers_githubInference: JSON.stringify({
      [github.organization]: {
        organization: github.organization,
        schedule: DEMO_SCHEDULE,
      },
    }),
    // The demo clusters, for the Kubernetes tab and the workloads provider.
    APP_CONFIG_kubernetes_clusterLocatorMethods: JSON.stringify([
      {
        type: 'config',
        clusters: Object.entries(kubernetes).map(([name, { url }]) => ({
          name,
          url,
          authProvider: 'serviceAccount',
          serviceAccountToken: credentials.kubernetesTokens[name],
          skipTLSVerify: true,
        })),
      },
    ]),
    APP_CONFIG_catalog_providers_kubernetesWorkloads: JSON.stringify({
      // Each run lists, then watches for 90 % of the frequency: live updates
      // with a relist (resync) every two minutes.
      schedule: {
        frequency: { minutes: 2 },
        timeout: { minutes: 3 },
        initialDelay: { seconds: 10 },
      },
      clusters: Object.keys(kubernetes).map(name => ({
        name,
        environment: name,
      })),
    }),
    APP_CONFIG_catalog_providers_cloudResources: JSON.stringify({
      'lumen-retail': {
        schedule: { ...DEMO_SCHEDULE, initialDelay: { seconds: 10 } },
        aws: {
          accountId: aws.accountId,
          regions: aws.regions,
          endpoint: aws.endpoint,
          accessKeyId: credentials.awsAccessKeyId,
          secretAccessKey: credentials.awsSecretAccessKey,
        },
        azure: {
          subscriptionIds: [azure.subscriptionId],
          endpoint: azure.endpoint,
          accessToken: credentials.azureToken,
          caCertificate: azure.caCertificate,
        },
      },
    }),
    // Cost as a real organisation gets it: Azure's FOCUS export, AWS's
    // Cost Explorer (the four months the export covers, so month over month
    // has last month's jump), and each cluster's OpenCost.
    // The AWS Support fee is everyone's: split by what each service costs.
    APP_CONFIG_cost_allocation_sharedCosts: JSON.stringify([
      { name: 'aws-support', serviceNames: ['AWS Support (Business)'], splitBy: 'cost' },
    ]),
    APP_CONFIG_cost_imports_focusFiles: JSON.stringify([
      {
        source: 'lumen-retail-azure',
        path: cost.focusFile,
        schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 }, initialDelay: { seconds: 15 } },
      },
    ]),
    APP_CONFIG_cost_imports_awsCostExplorer: JSON.stringify([
      {
        source: 'lumen-retail-aws',
        endpoint: cost.costExplorer.endpoint,
        credentials: {
          accessKeyId: credentials.awsAccessKeyId,
          secretAccessKey: credentials.awsSecretAccessKey,
        },
        months: 4,
        schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 }, initialDelay: { seconds: 15 } },
      },
    ]),
    // After the workloads provider's first pass, so pods join their workloads.
    APP_CONFIG_cost_imports_openCost: JSON.stringify(
      Object.entries(cost.openCost).map(([cluster, { url }]) => ({
        source: `opencost-${cluster}`,
        baseUrl: url,
        cluster,
        environment: cluster,
        schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 }, initialDelay: { seconds: 45 } },
      })),
    ),
  };
}
