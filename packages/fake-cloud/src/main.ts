/**
 * Runs the fake cloud for the demo — the Lumen Retail organisation that
 * catalog-info/ describes, as GitHub, AWS, Azure, Kubernetes and OpenCost
 * would serve it — until SIGTERM/SIGINT. Prints one line, `[fake-cloud]
 * ready {json}`, with every endpoint (scripts/lib/demoFakeCloud.mjs reads
 * it) and the path of the FOCUS cost export it wrote (to a temporary
 * directory removed on stop). Cost comes as a real organisation's would:
 * AWS through Cost Explorer, Azure as a FOCUS export (its AWS rows left
 * out: Cost Explorer has them), each cluster's workloads through its own
 * OpenCost.
 *
 *   FAKE_GITHUB_PORT (default 7101), FAKE_AWS_PORT (7110), FAKE_AZURE_PORT (7111),
 *   FAKE_COST_EXPLORER_PORT (7112), FAKE_K8S_STAGING_PORT (7120),
 *   FAKE_K8S_PRODUCTION_PORT (7121), FAKE_OPENCOST_STAGING_PORT (7130),
 *   FAKE_OPENCOST_PRODUCTION_PORT (7131)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lumenRetailCloud } from './aws/lumenRetailCloud';
import { lumenRetailCostExplorer } from './aws/lumenRetailCostExplorer';
import { startFakeCostExplorer } from './aws/startFakeCostExplorer';
import { startFakeAwsTagging } from './aws/startFakeAwsTagging';
import { startFakeAzureResourceGraph } from './azure/startFakeAzureResourceGraph';
import {
  lumenRetailFocusExport,
  toFocusCsv,
} from './cost/lumenRetailFocusExport';
import { lumenRetailGithubOrg } from './github/lumenRetailGithubOrg';
import { startFakeGithub } from './github/startFakeGithub';
import { lumenRetailKubernetesClusters } from './kubernetes/lumenRetailKubernetesClusters';
import { startFakeKubernetes } from './kubernetes/startFakeKubernetes';
import { startFakeOpenCost } from './opencost/startFakeOpenCost';

/** The demo's fake credentials: the same values the demo config sends. */
export const DEMO_CREDENTIALS = {
  githubToken: 'demo-token',
  awsAccessKeyId: 'AKIAFAKECLOUD0000001',
  awsSecretAccessKey: 'fake-cloud-secret',
  azureToken: 'fake-cloud-arm-token',
  kubernetesTokens: {
    staging: 'fake-k8s-staging-token',
    production: 'fake-k8s-production-token',
  },
};

const port = (name: string, fallback: number) =>
  Number(process.env[name] ?? fallback);

async function main() {
  const cloud = lumenRetailCloud();
  const github = await startFakeGithub(lumenRetailGithubOrg(), {
    port: port('FAKE_GITHUB_PORT', 7101),
  });
  const aws = await startFakeAwsTagging(cloud.aws.resources, {
    port: port('FAKE_AWS_PORT', 7110),
    credentials: {
      accessKeyId: DEMO_CREDENTIALS.awsAccessKeyId,
      secretAccessKey: DEMO_CREDENTIALS.awsSecretAccessKey,
    },
  });
  const azure = await startFakeAzureResourceGraph(cloud.azure.resources, {
    port: port('FAKE_AZURE_PORT', 7111),
    token: DEMO_CREDENTIALS.azureToken,
  });
  const clusters = lumenRetailKubernetesClusters();
  const k8sStaging = await startFakeKubernetes(clusters.staging, {
    port: port('FAKE_K8S_STAGING_PORT', 7120),
    token: DEMO_CREDENTIALS.kubernetesTokens.staging,
    bookmarkIntervalMs: 30_000,
  });
  const k8sProduction = await startFakeKubernetes(clusters.production, {
    port: port('FAKE_K8S_PRODUCTION_PORT', 7121),
    token: DEMO_CREDENTIALS.kubernetesTokens.production,
    bookmarkIntervalMs: 30_000,
  });
  const costExplorer = await startFakeCostExplorer(lumenRetailCostExplorer(), {
    port: port('FAKE_COST_EXPLORER_PORT', 7112),
    credentials: {
      accessKeyId: DEMO_CREDENTIALS.awsAccessKeyId,
      secretAccessKey: DEMO_CREDENTIALS.awsSecretAccessKey,
    },
  });
  const openCostStaging = await startFakeOpenCost({
    port: port('FAKE_OPENCOST_STAGING_PORT', 7130),
    clusters: ['staging'],
  });
  const openCostProduction = await startFakeOpenCost({
    port: port('FAKE_OPENCOST_PRODUCTION_PORT', 7131),
    clusters: ['production'],
  });
  // A directory per process: a CI run and a demo may share the machine.
  const costDir = mkdtempSync(join(tmpdir(), 'paved-fake-cloud-'));
  const focusFile = join(costDir, 'lumen-retail-azure-focus.csv');
  writeFileSync(
    focusFile,
    toFocusCsv(
      lumenRetailFocusExport().filter(row => row.ProviderName !== 'AWS'),
    ),
  );
  const ready = {
    github: { apiBaseUrl: github.apiBaseUrl, organization: 'lumen-retail' },
    aws: {
      endpoint: aws.endpoint,
      accountId: cloud.aws.accountId,
      regions: cloud.aws.regions,
    },
    azure: {
      endpoint: azure.endpoint,
      subscriptionId: cloud.azure.subscriptionId,
      caCertificate: azure.caCertificate,
    },
    kubernetes: {
      staging: { url: k8sStaging.url },
      production: { url: k8sProduction.url },
    },
    cost: {
      focusFile,
      costExplorer: { endpoint: costExplorer.url },
      openCost: {
        staging: { url: openCostStaging.url },
        production: { url: openCostProduction.url },
      },
    },
    credentials: DEMO_CREDENTIALS,
  };
  process.stdout.write(`[fake-cloud] ready ${JSON.stringify(ready)}\n`);
  const stop = () =>
    Promise.all([
      github.close(),
      aws.close(),
      azure.close(),
      k8sStaging.close(),
      k8sProduction.close(),
      costExplorer.close(),
      openCostStaging.close(),
      openCostProduction.close(),
    ]).then(() => {
      rmSync(costDir, { recursive: true, force: true });
      process.exit(0);
    });
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch(error => {
  process.stderr.write(`[fake-cloud] ${error.stack ?? error}\n`);
  process.exit(1);
});
