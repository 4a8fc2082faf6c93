import { Octokit } from '@octokit/rest';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { lumenRetailGithubOrg } from './lumenRetailGithubOrg';
import {
  LUMEN_RETAIL_FILE_DATES,
  LUMEN_RETAIL_PROMETHEUS_ALERTS,
  LUMEN_RETAIL_PROMETHEUS_RULES,
  LUMEN_RETAIL_RUNBOOK_ALERTS,
  LUMEN_RETAIL_RUNBOOK_GAPS,
  LumenRetailRunbookAlert,
} from './lumenRetailRunbooks';
import { startFakeGithub } from './startFakeGithub';

const DEMO_DAY = Date.parse('2026-11-20T10:00:00Z');
const DAY = 24 * 3600_000;

const org = lumenRetailGithubOrg();
const repo = (name: string) => org.repos.find(r => r.name === name)!;

/** Every Markdown file under docs/runbooks/ of every repository. */
const runbooks = org.repos.flatMap(r =>
  Object.entries(r.files ?? {})
    .filter(([p]) => /^docs\/runbooks\/.+\.md$/.test(p))
    .map(([p, text]) => ({ service: r.name, path: p, text })),
);

/** The front-matter as YAML reads it; undefined when there is none; an Error when it does not parse. */
function frontMatter(
  text: string,
): Record<string, unknown> | Error | undefined {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (!match) return undefined;
  try {
    return parse(match[1]);
  } catch (error) {
    return error as Error;
  }
}

const headings = (text: string, level: number) =>
  text
    .split('\n')
    .filter(line => line.startsWith(`${'#'.repeat(level)} `))
    .map(line => line.slice(level + 1).trim());

const byKey = (a: LumenRetailRunbookAlert, b: LumenRetailRunbookAlert) =>
  `${a.service} ${a.path} ${a.alert}`.localeCompare(
    `${b.service} ${b.path} ${b.alert}`,
  );

function productionComponents() {
  const dir = path.resolve(__dirname, '../../../../catalog-info/components');
  return fs
    .readdirSync(dir)
    .flatMap(file =>
      parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8')).map(
        doc => doc.toJS(),
      ),
    )
    .filter(
      e =>
        e?.kind === 'Component' &&
        e.spec.lifecycle === 'production' &&
        ['service', 'website'].includes(e.spec.type),
    );
}

describe('the Lumen Retail runbooks', () => {
  it('declare exactly the alerts LUMEN_RETAIL_RUNBOOK_ALERTS lists', () => {
    const declared = runbooks.flatMap(({ service, path: p, text }) => {
      const fm = frontMatter(text);
      if (fm instanceof Error) return [];
      const listed = fm?.alerts as string[] | undefined;
      const fromName = p.startsWith('docs/runbooks/alerts/')
        ? [path.basename(p, '.md')]
        : [];
      return (listed ?? fromName).map(alert => ({ alert, service, path: p }));
    });
    expect(declared.sort(byKey)).toEqual(
      [...LUMEN_RETAIL_RUNBOOK_ALERTS].sort(byKey),
    );

    // Per-alert runbooks are titled by their alert, in the prometheus-operator layout.
    for (const { path: p, text } of runbooks.filter(r =>
      r.path.includes('/alerts/'),
    )) {
      expect(headings(text, 1)).toEqual([path.basename(p, '.md')]);
      expect(headings(text, 2).slice(0, 4)).toEqual([
        'Meaning',
        'Impact',
        'Diagnosis',
        'Mitigation',
      ]);
    }
  });

  it('give the alert page an alert two services declare', () => {
    expect(
      LUMEN_RETAIL_RUNBOOK_ALERTS.filter(a => a.alert === 'HighErrorRate').map(
        a => a.service,
      ),
    ).toEqual(['cart-service', 'product-service']);
  });

  it('cover every production service and website but shipping-service', () => {
    const without = productionComponents()
      .map(e => e.metadata.name)
      .filter(name => !runbooks.some(r => r.service === name));
    expect(without).toEqual(['shipping-service']);
    // checkout-service keeps exactly one runbook: the GitHub inference module's test counts it.
    expect(runbooks.filter(r => r.service === 'checkout-service')).toHaveLength(
      1,
    );
  });

  it('have the deliberate gaps of LUMEN_RETAIL_RUNBOOK_GAPS, and no others', () => {
    expect(LUMEN_RETAIL_RUNBOOK_GAPS.map(g => [g.service, g.gap])).toEqual([
      ['shipping-service', 'no-runbook'],
      ['notification-worker', 'missing-sections'],
      ['inventory-service', 'stale'],
      ['order-service', 'front-matter-invalid'],
      ['search-service', 'broken-links'],
    ]);
    expect(
      Object.keys(repo('shipping-service').files!).filter(p =>
        p.startsWith('docs/'),
      ),
    ).toEqual([]);

    const PER_ALERT = [
      'Meaning',
      'Impact',
      'Diagnosis',
      'Mitigation',
      'Escalation',
      'External contacts',
    ];
    const PER_SERVICE = [
      'Overview',
      'Failure scenarios',
      'Escalation path',
      'External contacts',
    ];
    const key = (r: (typeof runbooks)[number]) => `${r.service}/${r.path}`;
    const perAlert = (r: (typeof runbooks)[number]) =>
      r.path.includes('/alerts/');
    const expectedSections = (r: (typeof runbooks)[number]) =>
      perAlert(r) ? PER_ALERT : PER_SERVICE;

    // Top-level sections: all of them, but for notification-worker's.
    expect(
      Object.fromEntries(runbooks.map(r => [key(r), headings(r.text, 2)])),
    ).toEqual(
      Object.fromEntries(
        runbooks.map(r => [
          key(r),
          r.service === 'notification-worker'
            ? ['Overview', 'Failure scenarios']
            : expectedSections(r),
        ]),
      ),
    );
    // Each failure scenario of a per-service runbook has its remediation.
    for (const r of runbooks.filter(x => !perAlert(x))) {
      const scenarios = headings(r.text, 3);
      expect(scenarios.length).toBeGreaterThanOrEqual(1);
      expect(headings(r.text, 4).filter(h => h === 'Remediation')).toHaveLength(
        scenarios.length,
      );
    }

    // Front-matter: valid but for order-service's; one per-alert runbook has none.
    const state = (fm: ReturnType<typeof frontMatter>) => {
      if (fm instanceof Error) return 'invalid';
      return fm ? 'valid' : 'none';
    };
    expect(
      Object.fromEntries(
        runbooks.map(r => [key(r), state(frontMatter(r.text))] as const),
      ),
    ).toEqual(
      Object.fromEntries(
        runbooks.map(r => {
          let expected = 'valid';
          if (r.service === 'order-service') expected = 'invalid';
          if (r.path.endsWith('/PaymentsWebhookBacklog.md')) expected = 'none';
          return [key(r), expected] as const;
        }),
      ),
    );

    const facts = runbooks.flatMap(r => {
      const fm = frontMatter(r.text);
      if (!fm || fm instanceof Error) return [];
      const reviewed = Date.parse(String(fm.last_reviewed));
      const changed = Date.parse(LUMEN_RETAIL_FILE_DATES[r.service][r.path]);
      return [{ r, fm, reviewed, changed }];
    });
    for (const { r, fm, reviewed, changed } of facts) {
      expect(fm).toMatchObject({
        service: r.service,
        owner: expect.stringMatching(/^group:default\/[a-z]+-squad$/),
        severity: expect.stringMatching(/^(critical|warning)$/),
      });
      expect(reviewed).toBeLessThanOrEqual(changed);
    }
    // Reviewed in the two months before the demo, but for the stale one.
    const stale = facts.filter(f => DEMO_DAY - f.reviewed > 60 * DAY);
    expect(
      stale.map(f => [key(f.r), String(f.fm.last_reviewed), f.changed]),
    ).toEqual([
      [
        'inventory-service/docs/runbooks/inventory-service.md',
        '2025-05-12',
        Date.parse('2025-05-12T15:42:00Z'),
      ],
    ]);

    // search-service: two links that resolve to nothing, one that resolves.
    const search = repo('search-service').files!;
    const text = search['docs/runbooks/search-service.md'];
    expect(text).toContain('[dashboard](../dashboards/search.json)');
    expect(text).toContain('![arch](./img/architecture.png)');
    expect(text).toContain('(../relevance-tuning.md)');
    expect(search['docs/dashboards/search.json']).toBeUndefined();
    expect(search['docs/runbooks/img/architecture.png']).toBeUndefined();
    expect(search['docs/relevance-tuning.md']).toBeDefined();
  });

  it('date every hand-written file, before the repositories were last pushed', () => {
    for (const [name, dates] of Object.entries(LUMEN_RETAIL_FILE_DATES)) {
      expect(repo(name).fileDates).toEqual(dates);
      for (const [p, date] of Object.entries(dates)) {
        expect(repo(name).files![p]).toBeDefined();
        expect(Date.parse(date)).toBeLessThan(DEMO_DAY);
      }
    }
    for (const { service, path: p } of runbooks) {
      expect(LUMEN_RETAIL_FILE_DATES[service]?.[p]).toBeDefined();
    }
  });
});

describe('the Lumen Retail Prometheus rules', () => {
  const text = repo(LUMEN_RETAIL_PROMETHEUS_RULES.repo).files![
    LUMEN_RETAIL_PROMETHEUS_RULES.path
  ];
  const file = parse(text) as {
    groups: Array<{
      name: string;
      rules: Array<{
        alert?: string;
        record?: string;
        expr: string;
        for?: string;
        labels?: Record<string, string>;
        annotations?: Record<string, string>;
      }>;
    }>;
  };
  const alerting = file.groups.flatMap(g => g.rules.filter(r => r.alert));

  it('are a Prometheus rule file whose alerting rules LUMEN_RETAIL_PROMETHEUS_ALERTS lists', () => {
    expect(file.groups.length).toBeGreaterThan(1);
    for (const r of file.groups.flatMap(g => g.rules)) {
      expect(r.expr.trim()).not.toBe('');
      expect(Boolean(r.alert) !== Boolean(r.record)).toBe(true);
    }
    expect(
      alerting.map(r => ({
        alert: r.alert,
        service: r.labels?.service,
        severity: r.labels?.severity,
        ...(r.annotations?.runbook_url
          ? { runbookUrl: r.annotations.runbook_url }
          : {}),
      })),
    ).toEqual(LUMEN_RETAIL_PROMETHEUS_ALERTS);
    for (const r of alerting) {
      expect(r.for).toMatch(/^\d+[mh]$/);
      expect(r.annotations?.summary).toBeTruthy();
    }
  });

  it('mix alerts with and without runbooks, and runbook alerts without rules', () => {
    const declared = new Set(LUMEN_RETAIL_RUNBOOK_ALERTS.map(a => a.alert));
    const unanswered = LUMEN_RETAIL_PROMETHEUS_ALERTS.filter(
      a => a.runbookUrl && !declared.has(a.alert),
    ).map(a => a.alert);
    expect(unanswered).toEqual([
      'OrderServiceHighErrorRate', // its runbook's front-matter does not parse
      'OrderServiceKafkaConsumerLag',
      'ShippingLabelPrinterOffline', // no runbook at all
    ]);
    expect(
      LUMEN_RETAIL_PROMETHEUS_ALERTS.filter(a => !a.runbookUrl).map(
        a => a.alert,
      ),
    ).toEqual(['ShippingCarrierApiErrors']);

    const ruled = new Set(LUMEN_RETAIL_PROMETHEUS_ALERTS.map(a => a.alert));
    const unruled = LUMEN_RETAIL_RUNBOOK_ALERTS.filter(
      a => !ruled.has(a.alert),
    );
    expect(unruled.map(a => a.alert)).toEqual(
      expect.arrayContaining(['CartRedisLatencyHigh', 'SearchIndexLagging']),
    );
    // The two HighErrorRate rules name their service for the alert page.
    expect(
      LUMEN_RETAIL_PROMETHEUS_ALERTS.filter(
        a => a.alert === 'HighErrorRate',
      ).map(a => a.runbookUrl),
    ).toEqual([
      'http://localhost:7007/runbooks/alert/HighErrorRate?service=cart-service',
      'http://localhost:7007/runbooks/alert/HighErrorRate?service=product-service',
    ]);
  });

  it('are served by the fake GitHub with the commit that last changed them', async () => {
    const server = await startFakeGithub(org);
    try {
      const octokit = new Octokit({ baseUrl: server.apiBaseUrl });
      const raw = await octokit.rest.repos.getContent({
        owner: 'lumen-retail',
        repo: LUMEN_RETAIL_PROMETHEUS_RULES.repo,
        path: LUMEN_RETAIL_PROMETHEUS_RULES.path,
        mediaType: { format: 'raw' },
      });
      expect(raw.data).toBe(text);

      const stale = await octokit.rest.repos.listCommits({
        owner: 'lumen-retail',
        repo: 'inventory-service',
        path: 'docs/runbooks/inventory-service.md',
        sha: 'HEAD',
        per_page: 1,
      });
      expect(stale.data[0].commit.committer?.date).toBe('2025-05-12T15:42:00Z');
      // By one of the squad that maintains the repository.
      const author =
        stale.data[0].author && 'login' in stale.data[0].author
          ? stale.data[0].author.login
          : undefined;
      expect(['mateo.alvarez', 'fatima.haddad', 'liam.obrien']).toContain(
        author,
      );
    } finally {
      await server.close();
    }
  });
});
