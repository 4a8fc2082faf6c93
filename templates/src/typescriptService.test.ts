import { parseRunbook } from '@internal/plugin-runbooks-common';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { DryRun, startTemplateDryRunner } from './__testUtils__/dryRunTemplate';
import {
  freePort,
  run,
  startService,
  writeProject,
} from './__testUtils__/generatedProject';

/**
 * The TypeScript HTTP service template, tested like code: rendered by the
 * real scaffolder's dry run, then the project it generates is installed,
 * linted, tested, built and started — a broken template fails CI.
 */

jest.setTimeout(10 * 60_000);

const VALUES = {
  name: 'gift-card-service',
  description: 'Issues and redeems Lumen Retail gift cards.',
  owner: 'group:default/checkout-squad',
  system: 'system:default/checkout',
  port: 8080,
};

const DATABASE_URL =
  process.env.PAVED_TEMPLATE_TEST_DATABASE_URL ??
  'postgresql://postgres@127.0.0.1:5432/postgres';

let runner: Awaited<ReturnType<typeof startTemplateDryRunner>>;
let rendered: DryRun;
let project: Awaited<ReturnType<typeof writeProject>>;
let installed: Awaited<ReturnType<typeof run>>;

const text = (path: string) => {
  const file = rendered.files.get(path);
  if (!file) {
    throw new Error(
      `${path} was not rendered; files: ${[...rendered.files.keys()].join(
        ', ',
      )}`,
    );
  }
  return file.content.toString('utf8');
};

beforeAll(async () => {
  runner = await startTemplateDryRunner();
  rendered = await runner.dryRun('typescript-service', VALUES);
  if (rendered.status !== 200) {
    throw new Error(`Dry run failed (${rendered.status}): ${rendered.error}`);
  }
  project = await writeProject(rendered.files);
  installed = await run('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: project.dir,
  });
});

afterAll(async () => {
  await project?.remove();
  await runner?.stop();
});

describe('template: typescript-service', () => {
  it('renders through the scaffolder with every step in order and no side effects', () => {
    expect(rendered.log.join('\n')).toContain('Parameters checked');
    expect(rendered.log.join('\n')).toMatch(
      /Skipping because publish:github does not support dry-run/,
    );
    // Nothing of the template's own syntax is left unrendered.
    for (const [path, file] of rendered.files) {
      if (path.startsWith('.github/workflows/')) continue;
      expect({
        path,
        leftover: file.content.toString('utf8').includes('${{'),
      }).toEqual({ path, leftover: false });
    }
  });

  it('registers a Component with owner, system, runbooks and the template version', () => {
    const entity = parseYaml(text('catalog-info.yaml'));
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'gift-card-service',
        annotations: {
          'github.com/project-slug': 'lumen-retail/gift-card-service',
          'paved.dev/runbooks': 'docs/runbooks/',
          'paved.dev/template': 'template:default/typescript-service',
          'paved.dev/template-version': '1.0.0',
          'backstage.io/kubernetes-id': 'gift-card-service',
        },
      },
      spec: {
        type: 'service',
        owner: 'group:default/checkout-squad',
        system: 'system:default/checkout',
      },
    });
  });

  it("has a runbook with all five required sections, as Paved's runbook parser reads it", () => {
    const runbook = parseRunbook({
      path: 'docs/runbooks/gift-card-service.md',
      content: text('docs/runbooks/gift-card-service.md'),
    });
    expect(runbook.missingSections).toEqual([]);
    expect(runbook.problems).toEqual([]);
  });

  it('deploys with probes, limits, a non-root user and zero-downtime rollouts', () => {
    const manifests = Object.entries(Object.fromEntries(rendered.files))
      .filter(([path]) => path.startsWith('k8s/'))
      .flatMap(([, file]) =>
        parseAllDocuments(file.content.toString('utf8')).map(d => d.toJS()),
      );
    const deployment = manifests.find(m => m?.kind === 'Deployment');
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(container.readinessProbe.httpGet.path).toBe('/ready');
    expect(container.resources.requests).toEqual(
      expect.objectContaining({
        cpu: expect.anything(),
        memory: expect.anything(),
      }),
    );
    expect(container.resources.limits.memory).toBeDefined();
    expect(
      pod.securityContext?.runAsNonRoot ??
        container.securityContext?.runAsNonRoot,
    ).toBe(true);

    const dockerfile = text('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER (node|\d+)/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK /m);
  });

  it('ships a pipeline: lint → test → scan → build → staging → smoke → production', () => {
    const workflow = parseYaml(text('.github/workflows/ci.yml'));
    const jobs = workflow.jobs as Record<string, { needs?: string | string[] }>;
    const needs = (job: string) => [jobs[job]?.needs ?? []].flat();
    // Every job runs after the one before it, directly or through others.
    const after = (job: string, earlier: string): boolean =>
      needs(job).includes(earlier) || needs(job).some(n => after(n, earlier));
    const order = Object.keys(jobs);
    const find = (word: RegExp) => {
      const job = order.find(name => word.test(name));
      if (!job) throw new Error(`No ${word} job in ${order.join(', ')}`);
      return job;
    };
    const [lint, test, scan, build, staging, smoke, production] = [
      /lint/,
      /^test/,
      /scan/,
      /build/,
      /staging/,
      /smoke/,
      /production/,
    ].map(find);
    expect(after(test, lint) || needs(test).length === 0).toBe(true);
    expect(after(build, test)).toBe(true);
    expect(after(build, scan)).toBe(true);
    expect(after(staging, build)).toBe(true);
    expect(after(smoke, staging)).toBe(true);
    expect(after(production, smoke)).toBe(true);
    expect(text('.github/workflows/ci.yml')).toContain('${{ github.sha }}');
  });

  it('installs, and passes its own lint, unit tests and build', async () => {
    expect({
      step: 'npm ci',
      code: installed.code,
      output: installed.output,
    }).toMatchObject({ code: 0 });
    for (const script of ['lint', 'test', 'build']) {
      const result = await run('npm', ['run', script], { cwd: project.dir });
      expect({
        script,
        code: result.code,
        output: result.output.slice(-3000),
      }).toMatchObject({ script, code: 0 });
    }
  });

  it('starts, answers its probes and metrics, logs JSON with correlation ids, and drains on SIGTERM', async () => {
    const port = await freePort();
    const service = startService(project.dir, 'dist/main.js', {
      PORT: String(port),
      DATABASE_URL,
      LOG_LEVEL: 'info',
    });
    try {
      const listening = await service.waitForLine(l => l.msg === 'listening');
      expect(listening).toMatchObject({
        level: 'info',
        service: 'gift-card-service',
      });
      const base = `http://127.0.0.1:${port}`;

      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });

      const ready = await fetch(`${base}/ready`);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        checks: { database: { status: 'up' } },
      });
      expect(ready.status).toBe(200);

      const greeting = await fetch(`${base}/v1/greeting?name=Ada`, {
        headers: { 'x-correlation-id': 'paved-template-test-1' },
      });
      expect(greeting.status).toBe(200);
      expect(greeting.headers.get('x-correlation-id')).toBe(
        'paved-template-test-1',
      );
      await service.waitForLine(
        l => l.correlationId === 'paved-template-test-1',
      );

      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(
        /^http_requests_total\{.*route="\/v1\/greeting".*\} 1$/m,
      );
      expect(metrics).toContain('http_request_duration_seconds_bucket');

      expect(service.otherLines()).toEqual([]);

      service.child.kill('SIGTERM');
      const exit = await service.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(service.lines().map(l => l.msg)).toEqual(
        expect.arrayContaining(['shutting down', 'shutdown complete']),
      );
    } finally {
      if (service.child.exitCode === null) service.child.kill('SIGKILL');
    }
  });

  it('refuses to start with bad configuration, naming the variable', async () => {
    const service = startService(project.dir, 'dist/main.js', {
      PORT: 'eighty',
      DATABASE_URL,
    });
    const exit = await service.exited;
    expect(exit.code).toBe(1);
    expect(service.stderr()).toContain('PORT');
  });

  it('applies the form defaults when an API caller leaves optional parameters out', async () => {
    const { port, ...required } = VALUES;
    expect(port).toBe(8080);
    const fromApi = await runner.dryRun('typescript-service', required);
    expect(fromApi.status).toBe(200);
    const config = fromApi.files.get('src/config.ts')!.content.toString();
    expect(config).toContain('export const DEFAULT_PORT = 8080;');
    expect(fromApi.log.join('\n')).not.toMatch(/Skipping step flags/);
  });

  it('refuses parameters before anything is created, naming the field', async () => {
    const badName = await runner.dryRun('typescript-service', {
      ...VALUES,
      name: 'Gift_Cards',
    });
    expect(badName.status).toBe(400);
    expect(badName.error).toContain('"path":["name"]');

    const notAGroup = await runner.dryRun('typescript-service', {
      ...VALUES,
      owner: 'group:default/ghost-squad',
    });
    expect(notAGroup.error).toContain(
      'owner: group:default/ghost-squad is not in the catalog',
    );
    expect(notAGroup.files.size).toBe(0);
  });
});
