import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brokenLinks } from './links';
import { parseRunbook } from './parseRunbook';
import { parsedRunbookSchema } from './schemas';

const fixture = (name: string) =>
  readFileSync(join(__dirname, '__fixtures__', name));

const problemCodes = (r: { problems: { code: string }[] }) =>
  r.problems.map(p => p.code);

describe('parseRunbook', () => {
  describe('one file per alert (prometheus-operator layout)', () => {
    const runbook = parseRunbook({
      path: 'content/runbooks/kubernetes/KubePodCrashLooping.md',
      content: fixture('KubePodCrashLooping.md'),
    });

    it('names the alert by the file name and keeps Hugo front-matter', () => {
      expect(runbook.shape).toBe('per-alert');
      expect(runbook.alerts).toEqual(['KubePodCrashLooping']);
      expect(runbook.title).toBe('Kube Pod Crash Looping');
      expect(runbook.frontMatter).toEqual({
        title: 'Kube Pod Crash Looping',
        weight: 20,
      });
      expect(runbook.problems).toEqual([]);
    });

    it('maps Meaning / Impact / Diagnosis / Mitigation', () => {
      expect(
        runbook.sections.map(s => [s.heading, s.level, s.canonical, s.line]),
      ).toEqual([
        ['KubePodCrashLooping', 1, undefined, 6],
        ['Meaning', 2, 'overview', 8],
        ['Impact', 2, 'failureScenarios', 13],
        ['Diagnosis', 2, 'failureScenarios', 18],
        ['Mitigation', 2, 'remediation', 27],
      ]);
      expect(runbook.sections[1].markdown).toBe(
        'A container in the pod keeps exiting and Kubernetes keeps restarting it,\nbacking off a little longer each time.',
      );
      expect(runbook.requiredSections).toEqual({
        overview: true,
        failureScenarios: true,
        remediation: true,
        escalation: false,
        externalContacts: false,
      });
      expect(runbook.missingSections).toEqual([
        'escalation',
        'externalContacts',
      ]);
    });

    it('collects the external link', () => {
      expect(runbook.links).toEqual([
        {
          href: 'https://kubernetes.io/docs/tasks/debug-application-cluster/debug-pods/',
          kind: 'absolute',
          isImage: false,
        },
      ]);
    });

    it('returns what its schema describes', () => {
      expect(parsedRunbookSchema.safeParse(runbook).success).toBe(true);
    });
  });

  describe('one file per alert (OpenShift layout)', () => {
    const runbook = parseRunbook({
      path: 'alerts/cluster-monitoring-operator/KubePodNotReady.md',
      content: fixture('KubePodNotReady.md').toString('utf8'),
    });

    it('ignores headings inside code blocks and resolves reference links', () => {
      expect(runbook.shape).toBe('per-alert');
      expect(runbook.alerts).toEqual(['KubePodNotReady']);
      expect(runbook.title).toBe('KubePodNotReady');
      expect(runbook.sections.map(s => s.heading)).toEqual([
        'KubePodNotReady',
        'Meaning',
        'Impact',
        'Diagnosis',
        'Mitigation',
      ]);
      expect(runbook.sections[3].markdown).toContain('## alertname =');
      expect(runbook.sections[4].line).toBe(33);
      expect(runbook.links.map(l => l.href)).toEqual([
        'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/',
      ]);
    });

    it('takes the alert from the title when the file is kebab-case', () => {
      const renamed = parseRunbook({
        path: 'runbooks/kube-pod-not-ready.md',
        content: fixture('KubePodNotReady.md'),
      });
      expect(renamed.alerts).toEqual(['KubePodNotReady']);
    });
  });

  describe('one file per service with several failure scenarios', () => {
    const path = 'docs/runbooks/order-service.md';
    const runbook = parseRunbook({
      path,
      content: fixture('order-service.md'),
    });

    it('reads the front-matter', () => {
      expect(runbook.shape).toBe('per-service');
      expect(runbook.title).toBe('Order service');
      expect(runbook.alerts).toEqual([
        'OrderServiceHighErrorRate',
        'OrderServiceDatabaseUnreachable',
        'PaymentProviderTimeouts',
      ]);
      expect(runbook.severity).toBe('critical');
      expect(runbook.owner).toBe('group:default/checkout-squad');
      expect(runbook.service).toBe('order-service');
      expect(runbook.lastReviewed).toBe('2025-11-03');
      expect(runbook.frontMatter.tags).toEqual(['checkout', 'tier-1']);
      expect(runbook.problems).toEqual([]);
    });

    it('finds all five required sections and the scenarios under them', () => {
      expect(runbook.missingSections).toEqual([]);
      expect(
        runbook.sections.map(s => `${s.level} ${s.heading} ${s.canonical}`),
      ).toEqual([
        '1 Order service runbook undefined',
        '2 Service overview overview',
        '2 Failure scenarios failureScenarios',
        '3 Database unreachable undefined',
        '4 Diagnosis failureScenarios',
        '4 Remediation remediation',
        '3 Payment provider timeouts undefined',
        '4 Diagnosis failureScenarios',
        '4 Remediation remediation',
        '2 Escalation path escalation',
        '2 External contacts externalContacts',
      ]);
      expect(runbook.sections[3].line).toBe(30);
    });

    it('classifies links and images', () => {
      expect(runbook.links).toEqual(
        expect.arrayContaining([
          { href: '../architecture.md', kind: 'relative', isImage: false },
          { href: './img/order-flow.png', kind: 'relative', isImage: true },
          { href: '#database-unreachable', kind: 'anchor', isImage: false },
          {
            href: 'https://grafana.internal/d/order-service',
            kind: 'absolute',
            isImage: false,
          },
          { href: 'img/missing-diagram.png', kind: 'relative', isImage: true },
        ]),
      );
    });

    it('reports broken relative links and images, not anchors', () => {
      const repo = new Set([
        'docs/architecture.md',
        'docs/runbooks/order-service.md',
        'docs/runbooks/img/order-flow.png',
        'docs/playbooks/postgres.md',
      ]);
      expect(brokenLinks(path, runbook.links, repo)).toEqual([
        {
          href: '../playbooks/payments-old.md',
          kind: 'relative',
          isImage: false,
        },
        { href: 'img/missing-diagram.png', kind: 'relative', isImage: true },
      ]);
    });
  });

  describe('heading synonyms', () => {
    it('accepts each synonym group in another wording', () => {
      const runbook = parseRunbook({
        path: 'docs/runbooks/search-api.md',
        content: [
          '# Search API',
          '## 1. Summary',
          'Serves product search.',
          '## Troubleshooting',
          '### Index lagging',
          'Check the consumer lag.',
          '## Recovery steps',
          'Re-index from the last snapshot.',
          '## On-call',
          'Search squad rotation.',
          '## Third parties',
          'Hosted search vendor: support portal.',
        ].join('\n\n'),
      });
      expect(runbook.missingSections).toEqual([]);
      expect(runbook.shape).toBe('per-service');
      expect(runbook.alerts).toEqual([]);
    });

    it('does not count Impact alone, or an empty heading', () => {
      const runbook = parseRunbook({
        path: 'docs/runbooks/DiskFull.md',
        content:
          '# DiskFull\n\n## Meaning\n\nThe disk is full.\n\n## Impact\n\nWrites fail.\n\n## Escalation\n\n## Mitigation\n\nDelete old logs.\n',
      });
      expect(runbook.requiredSections.failureScenarios).toBe(false);
      expect(runbook.requiredSections.escalation).toBe(false);
      expect(runbook.missingSections).toEqual([
        'failureScenarios',
        'escalation',
        'externalContacts',
      ]);
      expect(runbook.alerts).toEqual(['DiskFull']);
    });

    it('ties an alert file listing scenarios to its alert; the list makes it per-service', () => {
      const runbook = parseRunbook({
        path: 'docs/runbooks/CheckoutHighLatency.md',
        content: [
          '---\nservice: checkout\n---',
          '# CheckoutHighLatency',
          '## Meaning',
          'p95 latency above 800 ms for 10 minutes.',
          '## Troubleshooting',
          '### Slow database',
          'Look at `pg_stat_activity`.',
          '### Cold cache',
          'Check the cache hit ratio.',
          '## Mitigation',
          'Scale out.',
        ].join('\n\n'),
      });
      expect(runbook.alerts).toEqual(['CheckoutHighLatency']);
      expect(runbook.service).toBe('checkout');
      expect(runbook.shape).toBe('per-service');
    });

    it('does not take a capitalised service file name for an alert', () => {
      const runbook = parseRunbook({
        path: 'docs/runbooks/OrderService.md',
        content: '# Order service\n\n## Overview\n\nTakes orders.\n',
      });
      expect(runbook.alerts).toEqual([]);
      expect(runbook.shape).toBe('per-service');
    });
  });

  describe('front-matter variants', () => {
    const withFrontMatter = (yaml: string) =>
      parseRunbook({
        path: 'docs/runbooks/checkout.md',
        content: `---\n${yaml}\n---\n# Checkout\n\n## Overview\n\nText.\n`,
      });

    it('takes alerts as a single string or a comma-separated string', () => {
      expect(withFrontMatter('alerts: CheckoutDown').alerts).toEqual([
        'CheckoutDown',
      ]);
      expect(withFrontMatter('alert: CheckoutDown').alerts).toEqual([
        'CheckoutDown',
      ]);
      expect(
        withFrontMatter('alerts: "CheckoutDown, CheckoutSlow"').alerts,
      ).toEqual(['CheckoutDown', 'CheckoutSlow']);
    });

    it('reports duplicate alert names and keeps the first spelling', () => {
      const runbook = withFrontMatter(
        'alerts:\n  - CheckoutDown\n  - checkoutdown\n  - CheckoutSlow',
      );
      expect(runbook.alerts).toEqual(['CheckoutDown', 'CheckoutSlow']);
      expect(runbook.problems).toEqual([
        expect.objectContaining({ code: 'duplicate-alert', line: 2 }),
      ]);
      expect(
        withFrontMatter('owner: a\nalerts: A, B, A').problems[0],
      ).toMatchObject({ code: 'duplicate-alert', line: 3 });
    });

    it('takes last_reviewed as a date, a quoted string or a timestamp', () => {
      expect(withFrontMatter('last_reviewed: 2024-03-01').lastReviewed).toBe(
        '2024-03-01',
      );
      expect(withFrontMatter("last_reviewed: '2024-03-01'").lastReviewed).toBe(
        '2024-03-01',
      );
      expect(
        withFrontMatter('lastReviewed: 2024-03-01T10:00:00Z').lastReviewed,
      ).toBe('2024-03-01');
    });

    it('reports an unreadable date with its line and keeps the other fields', () => {
      const runbook = withFrontMatter(
        'owner: team-checkout\nlast_reviewed: last week\nseverity: 2',
      );
      expect(runbook.lastReviewed).toBeUndefined();
      expect(runbook.owner).toBe('team-checkout');
      expect(runbook.severity).toBe('2');
      expect(runbook.problems).toEqual([
        {
          code: 'front-matter-field-invalid',
          message:
            'Front-matter "last_reviewed" must be an ISO date such as 2024-03-01',
          line: 3,
        },
      ]);
      expect(
        withFrontMatter('last_reviewed: 2024-02-30').problems,
      ).toHaveLength(1);
      expect(withFrontMatter('owner: [a, b]').problems[0].message).toBe(
        'Front-matter "owner" has the wrong type',
      );
    });

    it('parses a file without front-matter', () => {
      const runbook = parseRunbook({
        path: 'docs/runbooks/checkout.md',
        content: '# Checkout\n\n## Overview\n\nText.\n',
      });
      expect(runbook.frontMatter).toEqual({});
      expect(runbook.problems).toEqual([]);
      expect(runbook.sections[0].line).toBe(1);
    });

    it('reports malformed YAML with its line and still reads the body', () => {
      const runbook = parseRunbook({
        path: 'docs/runbooks/checkout.md',
        content:
          '---\nowner: team-checkout\nalerts: [CheckoutDown\nseverity: high\n---\n# Checkout\n\n## Overview\n\nText.\n',
      });
      expect(runbook.problems).toHaveLength(1);
      expect(runbook.problems[0]).toMatchObject({
        code: 'front-matter-invalid',
      });
      expect(runbook.problems[0].line).toBeGreaterThanOrEqual(3);
      expect(runbook.problems[0].line).toBeLessThanOrEqual(5);
      expect(runbook.owner).toBeUndefined();
      expect(runbook.title).toBe('Checkout');
      expect(runbook.sections[0].line).toBe(6);
      expect(runbook.requiredSections.overview).toBe(true);
    });

    it('reports front-matter that is not a mapping, or never closed', () => {
      expect(problemCodes(withFrontMatter('- a\n- b'))).toEqual([
        'front-matter-invalid',
      ]);
      const unclosed = parseRunbook({
        path: 'x.md',
        content: '---\nowner: a\n\n# Checkout\n',
      });
      expect(unclosed.problems).toEqual([
        expect.objectContaining({ code: 'front-matter-invalid', line: 1 }),
      ]);
      expect(unclosed.title).toBe('Checkout');
    });

    it('reports duplicate keys as malformed', () => {
      expect(problemCodes(withFrontMatter('owner: a\nowner: b'))).toEqual([
        'front-matter-invalid',
      ]);
    });
  });

  describe('bad input', () => {
    it('refuses content over maxBytes without parsing it', () => {
      const runbook = parseRunbook({
        path: 'docs/runbooks/KubePodCrashLooping.md',
        content: `# Big\n\n${'x'.repeat(2000)}`,
        maxBytes: 1000,
      });
      expect(problemCodes(runbook)).toEqual(['too-large']);
      expect(runbook.sections).toEqual([]);
      expect(runbook.alerts).toEqual(['KubePodCrashLooping']);
      expect(runbook.missingSections).toHaveLength(5);
    });

    it('counts bytes, not characters, against the 1 MiB default', () => {
      const justUnder = `# A\n\n${'é'.repeat(500_000)}`;
      expect(
        problemCodes(parseRunbook({ path: 'a.md', content: justUnder })),
      ).toEqual([]);
      const over = `# A\n\n${'é'.repeat(600_000)}`;
      expect(
        problemCodes(parseRunbook({ path: 'a.md', content: over })),
      ).toEqual(['too-large']);
    });

    it('parses a large but allowed runbook quickly', () => {
      const scenario =
        '### Scenario\n\nCheck [logs](../logs.md).\n\n```sh\nkubectl get pods\n```\n\n';
      const big = `# Big\n\n## Failure scenarios\n\n${scenario.repeat(9000)}`;
      const started = Date.now();
      const runbook = parseRunbook({ path: 'big.md', content: big });
      expect(runbook.sections).toHaveLength(9002);
      expect(Date.now() - started).toBeLessThan(5000);
    });

    it('reports binary content: NUL bytes or invalid UTF-8', () => {
      const png = Buffer.from([
        0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0,
      ]);
      expect(
        problemCodes(parseRunbook({ path: 'a.md', content: png })),
      ).toEqual(['binary']);
      const latin1 = Buffer.from('# Caf\xe9\n', 'latin1');
      expect(
        problemCodes(parseRunbook({ path: 'a.md', content: latin1 })),
      ).toEqual(['binary']);
      expect(
        problemCodes(parseRunbook({ path: 'a.md', content: '# A\u0000' })),
      ).toEqual(['binary']);
    });

    it('accepts a UTF-8 byte-order mark and CRLF line ends', () => {
      const runbook = parseRunbook({
        path: 'a.md',
        content: Buffer.from(
          '\ufeff---\r\nowner: a\r\n---\r\n# Caf\u00e9\r\n\r\n## Overview\r\n\r\nText.\r\n',
        ),
      });
      expect(runbook.problems).toEqual([]);
      expect(runbook.owner).toBe('a');
      expect(runbook.title).toBe('Café');
      expect(runbook.sections[1]).toMatchObject({ line: 6, markdown: 'Text.' });
    });

    it('reports a file without headings', () => {
      const runbook = parseRunbook({
        path: 'docs/runbooks/notes.md',
        content: 'Restart it and hope.\n',
      });
      expect(problemCodes(runbook)).toEqual(['no-headings']);
      expect(runbook.title).toBe('notes');
      expect(runbook.missingSections).toHaveLength(5);
      expect(
        problemCodes(parseRunbook({ path: 'empty.md', content: '' })),
      ).toEqual(['no-headings']);
    });
  });
});
