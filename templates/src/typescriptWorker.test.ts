import { parseRunbook } from '@internal/plugin-runbooks-common';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { DryRun, startTemplateDryRunner } from './__testUtils__/dryRunTemplate';
import { FreshDatabase, freshDatabase } from './__testUtils__/freshDatabase';
import {
  freePort,
  run,
  startService,
  writeProject,
} from './__testUtils__/generatedProject';

/**
 * The TypeScript background worker template, tested like code: rendered by
 * the real scaffolder's dry run, then the project it generates is
 * installed, linted, tested (its queue tests against a real PostgreSQL),
 * built, and started against a database of its own, where it creates its
 * queue table, runs a job and drains on SIGTERM — a broken template fails CI.
 */

jest.setTimeout(10 * 60_000);

const VALUES = {
  name: 'welcome-email-worker',
  description: 'Sends the welcome emails of new Lumen Retail customers.',
  owner: 'group:default/checkout-squad',
  system: 'system:default/checkout',
  port: 8080,
  concurrency: 4,
};
const JOBS_TABLE = 'welcome_email_worker_jobs';

let runner: Awaited<ReturnType<typeof startTemplateDryRunner>>;
let rendered: DryRun;
let project: Awaited<ReturnType<typeof writeProject>>;
let installed: Awaited<ReturnType<typeof run>>;
let database: FreshDatabase;

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

const k8sManifests = () =>
  [...rendered.files]
    .filter(([path]) => path.startsWith('k8s/'))
    .flatMap(([, file]) =>
      parseAllDocuments(file.content.toString('utf8')).map(d => d.toJS()),
    );

beforeAll(async () => {
  runner = await startTemplateDryRunner();
  rendered = await runner.dryRun('typescript-worker', VALUES);
  if (rendered.status !== 200) {
    throw new Error(`Dry run failed (${rendered.status}): ${rendered.error}`);
  }
  project = await writeProject(rendered.files);
  [installed, database] = await Promise.all([
    run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: project.dir }),
    freshDatabase(),
  ]);
});

afterAll(async () => {
  await project?.remove();
  await runner?.stop();
});

describe('template: typescript-worker', () => {
  it('renders through the scaffolder with every step in order and no side effects', () => {
    const log = rendered.log.join('\n');
    expect(log).toContain('Parameters checked');
    expect(log).toMatch(
      /Skipping because publish:github does not support dry-run/,
    );
    expect(log).toMatch(
      /Dry run: would create 1 flag\(s\) on .*: welcome-email-worker-pause-processing/,
    );
    // Nothing of the template's own syntax is left unrendered.
    for (const [path, file] of rendered.files) {
      if (path.startsWith('.github/workflows/')) continue;
      expect({
        path,
        leftover: /\$\{\{|\{%|\{#/.test(file.content.toString('utf8')),
      }).toEqual({ path, leftover: false });
    }
    // Dotfiles reach the project too (the pipeline reads the Node version from .nvmrc).
    expect(text('.nvmrc').trim()).toBe('24');
    for (const path of ['.gitignore', '.dockerignore', '.env.example']) {
      expect(rendered.files.has(path)).toBe(true);
    }
    const lock = JSON.parse(text('package-lock.json'));
    expect([lock.name, lock.packages[''].name]).toEqual([
      'welcome-email-worker',
      'welcome-email-worker',
    ]);
    expect(text('src/config.ts')).toContain(`JOBS_TABLE = '${JOBS_TABLE}'`);
  });

  it('registers a worker Component with owner, system, runbooks and the template version', () => {
    const entity = parseYaml(text('catalog-info.yaml'));
    expect(entity).toMatchObject({
      kind: 'Component',
      metadata: {
        name: 'welcome-email-worker',
        annotations: {
          'github.com/project-slug': 'lumen-retail/welcome-email-worker',
          'paved.dev/runbooks': 'docs/runbooks/',
          'paved.dev/template': 'template:default/typescript-worker',
          'paved.dev/template-version': '1.0.0',
          'backstage.io/kubernetes-id': 'welcome-email-worker',
          'backstage.io/techdocs-ref': 'dir:.',
        },
        links: expect.arrayContaining([
          expect.objectContaining({
            title: 'Runbook',
            url: 'https://github.com/lumen-retail/welcome-email-worker/blob/main/docs/runbooks/welcome-email-worker.md',
          }),
        ]),
      },
      spec: {
        type: 'worker',
        owner: 'group:default/checkout-squad',
        system: 'system:default/checkout',
      },
    });
  });

  it("has a runbook with all five required sections and the worker's failure scenarios, as Paved's runbook parser reads it", () => {
    const content = text('docs/runbooks/welcome-email-worker.md');
    const runbook = parseRunbook({
      path: 'docs/runbooks/welcome-email-worker.md',
      content,
    });
    expect(runbook.missingSections).toEqual([]);
    expect(runbook.problems).toEqual([]);
    expect(runbook.shape).toBe('per-service');
    expect(runbook.owner).toBe('group:default/checkout-squad');

    // Each scenario has its diagnosis and remediation.
    const { sections } = runbook;
    const scenarios = sections.filter(s => s.level === 3).map(s => s.heading);
    expect(scenarios).toEqual(
      expect.arrayContaining([
        'Queue backing up',
        'Jobs going dead',
        'Database unreachable',
      ]),
    );
    sections.forEach((section, i) => {
      if (section.level !== 3) return;
      const own = sections.slice(i + 1);
      const end = own.findIndex(s => s.level <= 3);
      const children = (end < 0 ? own : own.slice(0, end)).map(s => s.heading);
      expect({ scenario: section.heading, children }).toEqual({
        scenario: section.heading,
        children: ['Diagnosis', 'Remediation'],
      });
    });
    // With the real names: metrics, table, namespace, flag.
    for (const name of [
      'worker_queue_depth',
      'worker_queue_oldest_age_seconds',
      'worker_jobs_total{service="welcome-email-worker",outcome="dead"}',
      `UPDATE ${JOBS_TABLE}`,
      'kubectl -n checkout-squad',
      'welcome-email-worker-pause-processing',
    ]) {
      expect(content).toContain(name);
    }
  });

  it('deploys with probes, limits, a non-root user, zero-downtime rollouts and time to drain', () => {
    const manifests = k8sManifests();
    const deployment = manifests.find(m => m?.kind === 'Deployment');
    expect(deployment.spec.replicas).toBe(2);
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
    const env = Object.fromEntries(
      container.env.map((e: { name: string; value?: string }) => [
        e.name,
        e.value,
      ]),
    );
    expect(env.CONCURRENCY).toBe('4');
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(
      Number(env.SHUTDOWN_TIMEOUT_MS) + 5_000,
    );

    const labels = {
      'app.kubernetes.io/name': 'welcome-email-worker',
      'backstage.io/kubernetes-id': 'welcome-email-worker',
      service: 'welcome-email-worker',
      team: 'checkout-squad',
    };
    expect(deployment.metadata.labels).toMatchObject(labels);
    expect(deployment.spec.template.metadata.labels).toMatchObject(labels);
    expect(deployment.metadata.namespace).toBe('checkout-squad');

    const pdb = manifests.find(m => m?.kind === 'PodDisruptionBudget');
    expect(pdb.spec.selector.matchLabels).toEqual(
      deployment.spec.selector.matchLabels,
    );

    const dockerfile = text('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER (node|\d+)/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\\\n.*\/health/m);
    expect(parseYaml(text('docker-compose.yml')).services).toEqual(
      expect.objectContaining({
        worker: expect.anything(),
        postgres: expect.anything(),
      }),
    );
  });

  it('ships a pipeline: lint → test → scan → build → staging → smoke → production', () => {
    const workflow = parseYaml(text('.github/workflows/ci.yml'));
    const jobs = workflow.jobs as Record<string, { needs?: string | string[] }>;
    expect(Object.keys(jobs)).toEqual([
      'lint',
      'test',
      'scan',
      'build',
      'deploy-staging',
      'smoke',
      'deploy-production',
    ]);
    const needs = (job: string) => [jobs[job]?.needs ?? []].flat();
    // Every job runs after the one before it, directly or through others.
    const after = (job: string, earlier: string): boolean =>
      needs(job).includes(earlier) || needs(job).some(n => after(n, earlier));
    expect(after('test', 'lint')).toBe(true);
    expect(after('build', 'test')).toBe(true);
    expect(after('build', 'scan')).toBe(true);
    expect(after('deploy-staging', 'build')).toBe(true);
    expect(after('smoke', 'deploy-staging')).toBe(true);
    expect(after('deploy-production', 'smoke')).toBe(true);
    expect(text('.github/workflows/ci.yml')).toContain('${{ github.sha }}');
  });

  it('installs, and passes its own lint, unit tests (queue tests against PostgreSQL included) and build', async () => {
    expect({
      step: 'npm ci',
      code: installed.code,
      output: installed.output,
    }).toMatchObject({ code: 0 });
    const results: Record<string, Awaited<ReturnType<typeof run>>> = {};
    for (const script of ['lint', 'test', 'build']) {
      const result = await run('npm', ['run', script], {
        cwd: project.dir,
        // The queue's own tests run against a real PostgreSQL when it is set.
        env: { DATABASE_URL: database.url },
      });
      results[script] = result;
      expect({
        script,
        code: result.code,
        output: result.output.slice(-3000),
      }).toMatchObject({ script, code: 0 });
    }
    expect(results.test.output).toMatch(/^✔ PostgresJobStore /m);
    expect(results.test.output).toMatch(/^ℹ fail 0$/m);
  });

  it('starts, creates its queue, runs a job with its correlation id, counts it, and drains on SIGTERM', async () => {
    const port = await freePort();
    const worker = startService(project.dir, 'dist/main.js', {
      PORT: String(port),
      DATABASE_URL: database.url,
      LOG_LEVEL: 'info',
      POLL_INTERVAL_MS: '100',
    });
    try {
      const listening = await worker.waitForLine(l => l.msg === 'listening');
      expect(listening).toMatchObject({
        level: 'info',
        service: 'welcome-email-worker',
        port,
        table: JOBS_TABLE,
      });
      await worker.waitForLine(l => l.msg === 'queue table ready');
      const base = `http://127.0.0.1:${port}`;

      const health = await fetch(`${base}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });

      const ready = await fetch(`${base}/ready`);
      expect(await ready.json()).toMatchObject({
        status: 'ready',
        checks: { database: { status: 'up' } },
      });
      expect(ready.status).toBe(200);

      // A developer's way in: the project's own enqueue script.
      const enqueued = await run(
        'node',
        [
          'dist/enqueue.js',
          'send-welcome-email',
          JSON.stringify({ email: 'ana@example.com', name: 'Ana' }),
          '--correlation-id',
          'paved-template-test-1',
        ],
        { cwd: project.dir, env: { DATABASE_URL: database.url } },
      );
      expect({ code: enqueued.code, output: enqueued.output }).toMatchObject({
        code: 0,
      });
      const { jobId } = JSON.parse(enqueued.output);
      expect(jobId).toEqual(expect.any(String));

      // A producer's way in: an INSERT, here with a payload no retry can fix.
      const [{ id: badJobId }] = await database.query<{ id: string }>(
        `INSERT INTO ${JOBS_TABLE} (type, payload) VALUES ('send-welcome-email', '{"email":"nope"}') RETURNING id::text AS id`,
      );

      const succeeded = await worker.waitForLine(
        l => l.msg === 'job succeeded' && l.jobId === jobId,
      );
      expect(succeeded).toMatchObject({
        level: 'info',
        service: 'welcome-email-worker',
        jobType: 'send-welcome-email',
        correlationId: 'paved-template-test-1',
        attempt: 1,
      });
      const dead = await worker.waitForLine(
        l => l.msg === 'job dead' && l.jobId === badJobId,
      );
      expect(dead).toMatchObject({
        level: 'error',
        reason: 'permanent-error',
        correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
      expect(
        await database.query(
          `SELECT id::text AS id, status, attempts FROM ${JOBS_TABLE} ORDER BY id`,
        ),
      ).toEqual([
        { id: jobId, status: 'succeeded', attempts: 1 },
        { id: badJobId, status: 'dead', attempts: 1 },
      ]);

      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(
        /^worker_jobs_total\{[^}]*outcome="succeeded"[^}]*\} 1$/m,
      );
      expect(metrics).toMatch(
        /^worker_jobs_total\{[^}]*outcome="dead"[^}]*\} 1$/m,
      );
      expect(metrics).toMatch(/^worker_dead_jobs\{[^}]*\} 1$/m);
      expect(metrics).toMatch(/^worker_queue_depth\{[^}]*\} 0$/m);
      expect(metrics).toContain('worker_job_duration_seconds_bucket');

      expect(worker.otherLines()).toEqual([]);
      expect(worker.stderr()).toBe('');

      worker.child.kill('SIGTERM');
      const exit = await worker.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      expect(worker.lines().map(l => l.msg)).toEqual(
        expect.arrayContaining(['shutting down', 'shutdown complete']),
      );
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    }
  });

  it('refuses to start with bad configuration, naming the variable', async () => {
    const worker = startService(project.dir, 'dist/main.js', {
      PORT: 'abc',
      DATABASE_URL: database.url,
    });
    const exit = await worker.exited;
    expect(exit.code).toBe(1);
    expect(worker.stderr()).toContain('PORT must be an integer');
    expect(worker.lines()).toEqual([]);
  });

  it('refuses parameters before anything is created, naming the field', async () => {
    const badName = await runner.dryRun('typescript-worker', {
      ...VALUES,
      name: 'Welcome_Emails',
    });
    expect(badName.status).toBe(400);
    expect(badName.error).toContain('"path":["name"]');

    const badConcurrency = await runner.dryRun('typescript-worker', {
      ...VALUES,
      concurrency: 0,
    });
    expect(badConcurrency.status).toBe(400);
    expect(badConcurrency.error).toContain('"path":["concurrency"]');

    const notAGroup = await runner.dryRun('typescript-worker', {
      ...VALUES,
      owner: 'group:default/ghost-squad',
    });
    expect(notAGroup.error).toContain(
      'owner: group:default/ghost-squad is not in the catalog',
    );
    expect(notAGroup.files.size).toBe(0);

    // The worker is registered for the user: it must be owned by one of their squads.
    const notTheirs = await runner.dryRun('typescript-worker', {
      ...VALUES,
      owner: 'group:default/platform-squad',
    });
    expect(notTheirs.error).toContain(
      'owner: user:default/guest is not a member of group:default/platform-squad',
    );
    expect(notTheirs.files.size).toBe(0);
  });
});
