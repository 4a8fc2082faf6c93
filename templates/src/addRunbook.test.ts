import { Entity } from '@backstage/catalog-model';
import {
  FakeGithubServer,
  lumenRetailGithubOrg,
  startFakeGithub,
} from '@internal/fake-cloud';
import { parseRunbook } from '@internal/plugin-runbooks-common';
import {
  DryRun,
  SAMPLE_CATALOG,
  startTemplateDryRunner,
  storedTemplate,
} from './__testUtils__/dryRunTemplate';
import { startTemplateTaskRunner } from './__testUtils__/templateTask';

/**
 * The "Add a runbook to a service" template, tested like code: dry-run by
 * the real scaffolder (both shapes, and refusals), then run for real — the
 * scaffolder opens a pull request on the fake GitHub's cart-service
 * repository, whose branch adds exactly the runbook, which Paved's runbook
 * parser reads with all five sections.
 */

jest.setTimeout(120_000);

/** A Component whose repository Paved does not know. */
const LEGACY_BILLING: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'legacy-billing', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/checkout-squad',
  },
};

const ENTITIES = [...SAMPLE_CATALOG, LEGACY_BILLING];

const PER_ALERT = {
  component: 'component:default/cart-service',
  alert: 'CartCheckoutLatency',
  summary:
    'The 95th percentile of checkout requests to the cart has been above 800 ms for 10 minutes.',
  escalation:
    '#checkout-oncall in Slack, then the checkout engineering manager.',
};

const PER_SERVICE = {
  component: 'component:default/cart-service',
  summary: 'Holds every shopper’s cart until checkout, in PostgreSQL.',
};

/** The one file a dry run rendered, which must be a runbook under docs/runbooks/. */
function onlyRunbook(rendered: DryRun) {
  const paths = [...rendered.files.keys()];
  expect(paths).toHaveLength(1);
  const [path] = paths;
  // fetch:template renders into ./pull-request, the pull request's sourcePath.
  expect(path).toMatch(/^pull-request\/docs\/runbooks\/[^/]+\.md$/);
  const repoPath = path.slice('pull-request/'.length);
  const content = rendered.files.get(path)!.content.toString('utf8');
  return {
    repoPath,
    content,
    runbook: parseRunbook({ path: repoPath, content }),
  };
}

function expectNoTemplateLeftovers(content: string) {
  expect(content).not.toContain('${{');
  expect(content).not.toMatch(/\{%|%\}/);
  expect(content.startsWith('---\n')).toBe(true);
}

describe('template: add-runbook', () => {
  describe('dry run', () => {
    let runner: Awaited<ReturnType<typeof startTemplateDryRunner>>;

    beforeAll(async () => {
      runner = await startTemplateDryRunner(ENTITIES);
    });
    afterAll(() => runner?.stop());

    it('renders a per-alert runbook named after the alert, with the five sections', async () => {
      const rendered = await runner.dryRun('add-runbook', PER_ALERT);
      expect({ status: rendered.status, error: rendered.error }).toEqual({
        status: 200,
        error: undefined,
      });
      const { repoPath, content, runbook } = onlyRunbook(rendered);
      expect(repoPath).toBe('docs/runbooks/CartCheckoutLatency.md');
      expectNoTemplateLeftovers(content);
      expect(runbook.missingSections).toEqual([]);
      expect(runbook.problems).toEqual([]);
      expect(runbook).toMatchObject({
        shape: 'per-alert',
        title: 'CartCheckoutLatency',
        alerts: ['CartCheckoutLatency'],
        owner: 'group:default/checkout-squad',
        service: 'cart-service',
      });
      expect(runbook.lastReviewed).toBeUndefined();
      expect(runbook.sections.map(s => [s.level, s.heading])).toEqual([
        [1, 'CartCheckoutLatency'],
        [2, 'Meaning'],
        [2, 'Impact'],
        [2, 'Diagnosis'],
        [2, 'Mitigation'],
        [2, 'Escalation'],
        [2, 'External contacts'],
      ]);
      const section = (heading: string) =>
        runbook.sections.find(s => s.heading === heading)!.markdown;
      expect(section('Meaning')).toContain(PER_ALERT.summary);
      expect(section('Escalation')).toContain(
        '**checkout-squad** (`group:default/checkout-squad`) owns `cart-service`',
      );
      expect(section('Escalation')).toContain(
        'https://paved.lumen-retail.example/runbooks/oncall/default/cart-service',
      );
      expect(section('Escalation')).toContain(
        `2. Then: ${PER_ALERT.escalation}`,
      );
      expect(content).toContain('(`template:default/add-runbook` 1.0.0)');
    });

    it('renders the service’s own runbook, with failure scenarios, when no alert is given', async () => {
      const rendered = await runner.dryRun('add-runbook', PER_SERVICE);
      expect(rendered.status).toBe(200);
      const { repoPath, content, runbook } = onlyRunbook(rendered);
      expect(repoPath).toBe('docs/runbooks/cart-service.md');
      expectNoTemplateLeftovers(content);
      expect(runbook.missingSections).toEqual([]);
      expect(runbook.problems).toEqual([]);
      expect(runbook).toMatchObject({
        shape: 'per-service',
        title: 'cart-service runbook',
        alerts: [],
        owner: 'group:default/checkout-squad',
        service: 'cart-service',
      });
      expect(runbook.frontMatter).not.toHaveProperty('alerts');
      expect(
        runbook.sections.filter(s => s.level <= 2).map(s => s.heading),
      ).toEqual([
        'cart-service runbook',
        'Overview',
        'Failure scenarios',
        'Remediation',
        'Escalation',
        'External contacts',
      ]);
      const overview = runbook.sections.find(s => s.heading === 'Overview')!;
      expect(overview.markdown).toContain(PER_SERVICE.summary);
      expect(overview.markdown).toContain('| System | `checkout` |');
      // Without an escalation given, the squad is prompted for one.
      expect(
        runbook.sections.find(s => s.heading === 'Escalation')!.markdown,
      ).toMatch(/2\. _Who is next/);
    });

    it('opens the pull request on the Component’s repository, and links to it and to the Runbooks tab', async () => {
      const rendered = await runner.dryRun('add-runbook', PER_ALERT);
      const log = rendered.log.join('\n');
      expect(log).toContain('Parameters checked');
      expect(log).toContain('Performing dry run of creating pull request');
      expect(rendered.output).toMatchObject({
        links: [
          {
            title: 'Pull request',
            // The dry run of publish:github:pull-request answers the repoUrl.
            url: 'github.com?owner=lumen-retail&repo=cart-service',
          },
          {
            title: 'Runbooks tab',
            url: '/catalog/default/component/cart-service/runbooks',
          },
        ],
      });
    });

    it('refuses an alert that is not a Prometheus alert name, naming the field', async () => {
      const bad = await runner.dryRun('add-runbook', {
        ...PER_ALERT,
        alert: 'checkout latency',
      });
      expect(bad.status).toBe(400);
      expect(bad.error).toContain('"path":["alert"]');
      expect(bad.files.size).toBe(0);

      const tooShort = await runner.dryRun('add-runbook', {
        ...PER_ALERT,
        summary: 'Slow.',
      });
      expect(tooShort.status).toBe(400);
      expect(tooShort.error).toContain('"path":["summary"]');
    });

    it('refuses a Component without a repository, naming the component field', async () => {
      const rendered = await runner.dryRun('add-runbook', {
        ...PER_SERVICE,
        component: 'component:default/legacy-billing',
      });
      expect(rendered.error).toContain(
        'component: component:default/legacy-billing has no github.com/project-slug annotation',
      );
      expect(rendered.files.size).toBe(0);

      const missing = await runner.dryRun('add-runbook', {
        ...PER_SERVICE,
        component: 'component:default/ghost-service',
      });
      expect(missing.error).toContain(
        'component: component:default/ghost-service is not in the catalog',
      );
    });
  });

  describe('run for real', () => {
    const TOKEN = 'add-runbook-test-token';
    let github: FakeGithubServer;
    let runner: Awaited<ReturnType<typeof startTemplateTaskRunner>>;

    beforeAll(async () => {
      github = await startFakeGithub(lumenRetailGithubOrg(), { token: TOKEN });
      runner = await startTemplateTaskRunner({
        entities: [...ENTITIES, storedTemplate('add-runbook')],
        github: { apiBaseUrl: github.apiBaseUrl, token: TOKEN },
      });
    });
    afterAll(async () => {
      await runner?.stop();
      await github?.close();
    });

    it('opens a pull request on cart-service whose branch adds exactly the runbook', async () => {
      const mainBefore = github.branchFiles('cart-service', 'main')!;
      const task = await runner.run('template:default/add-runbook', PER_ALERT);
      expect({ status: task.status, error: task.error }).toEqual({
        status: 'completed',
        error: undefined,
      });

      const pulls = github.pullRequests('cart-service');
      expect(pulls).toHaveLength(1);
      const [pull] = pulls;
      expect(pull).toMatchObject({
        state: 'open',
        head: 'runbook/CartCheckoutLatency',
        base: 'main',
        title: 'Add a runbook for CartCheckoutLatency (cart-service)',
        files: [
          { path: 'docs/runbooks/CartCheckoutLatency.md', status: 'added' },
        ],
      });
      expect(pull.body).toContain(
        "Opened by Paved's **Add a runbook to a service** template (`template:default/add-runbook`, version 1.0.0)",
      );
      expect(pull.body).toContain('**Diagnosis**');
      expect(pull.body).toContain(
        'https://paved.lumen-retail.example/runbooks/alert/CartCheckoutLatency?service=cart-service',
      );

      // The branch is main plus the runbook; main itself is unchanged.
      const branch = github.branchFiles('cart-service', pull.head)!;
      expect(Object.keys(branch).sort()).toEqual(
        [
          ...Object.keys(mainBefore),
          'docs/runbooks/CartCheckoutLatency.md',
        ].sort(),
      );
      expect(github.branchFiles('cart-service', 'main')).toEqual(mainBefore);
      const runbook = parseRunbook({
        path: 'docs/runbooks/CartCheckoutLatency.md',
        content: branch['docs/runbooks/CartCheckoutLatency.md'],
      });
      expect(runbook.missingSections).toEqual([]);
      expect(runbook.problems).toEqual([]);
      expect(runbook).toMatchObject({
        alerts: ['CartCheckoutLatency'],
        owner: 'group:default/checkout-squad',
        service: 'cart-service',
      });

      expect(task.output.links).toEqual([
        { title: 'Pull request', icon: 'github', url: pull.htmlUrl },
        {
          title: 'Runbooks tab',
          icon: 'docs',
          url: '/catalog/default/component/cart-service/runbooks',
        },
      ]);
      expect(pull.htmlUrl).toBe(
        `https://github.com/lumen-retail/cart-service/pull/${pull.number}`,
      );
    });

    it('refuses to overwrite the open pull request of an earlier run for the same alert', async () => {
      const task = await runner.run('template:default/add-runbook', {
        ...PER_ALERT,
        summary: 'Run a second time while the first pull request is open.',
      });
      expect(task.status).toBe('failed');
      expect(task.log.join('\n')).toMatch(
        /Pull request already exists: https:\/\/github\.com\/lumen-retail\/cart-service\/pull\/\d+/,
      );
      expect(github.pullRequests('cart-service')).toHaveLength(1);
    });
  });
});
