import { headingSlug, plainText, renderRunbook } from './renderRunbook';

const options = {
  path: 'docs/runbooks/cart.md',
  blobBase: 'https://github.com/lumen-retail/cart-service/blob/abc123/',
};

describe('renderRunbook', () => {
  it('renders Markdown without its front-matter, with heading anchors', () => {
    const html = renderRunbook(
      '---\nalerts: [CartDown]\n---\n# Cart service\n\n## Escalation path\n\nPage **checkout-squad**.\n\n## Escalation path\n',
      options,
    );
    expect(html).not.toContain('alerts');
    expect(html).toContain('<h1 id="cart-service">Cart service</h1>');
    expect(html).toContain('<h2 id="escalation-path">Escalation path</h2>');
    expect(html).toContain('<h2 id="escalation-path-1">');
    expect(html).toContain('<strong>checkout-squad</strong>');
  });

  it('removes scripts, event handlers, javascript: and data: URLs, styles and frames', () => {
    const html = renderRunbook(
      [
        '# Hostile',
        '<script>alert(1)</script>',
        '<img src="x.png" onerror="alert(2)">',
        '[click](javascript:alert(3))',
        '<a href="JaVaScRiPt:alert(4)">x</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<div style="position:fixed" onclick="alert(5)">cover</div>',
        '![pixel](data:image/svg+xml;base64,PHN2Zz4=)',
        '<svg><script>alert(6)</script></svg>',
        '<form action="https://evil.example"><input type="password"></form>',
      ].join('\n\n'),
      options,
    );
    expect(html).not.toMatch(
      /<script|onerror|onclick|javascript:|<iframe|style=|data:image|<svg|<form|type="password"/i,
    );
    expect(html).toContain('cover');
  });

  it('points relative links and images at the repository', () => {
    const html = renderRunbook(
      '# R\n\nSee [the dashboard](../dashboards/cart.json#panel) and ![arch](./img/arch.png).\n\n[anchor](#r) [web](https://grafana.example/d/cart)',
      options,
    );
    expect(html).toContain(
      'href="https://github.com/lumen-retail/cart-service/blob/abc123/docs/dashboards/cart.json#panel"',
    );
    expect(html).toContain(
      'src="https://github.com/lumen-retail/cart-service/blob/abc123/docs/runbooks/img/arch.png?raw=true"',
    );
    expect(html).toContain('href="#r"');
    expect(html).toMatch(
      /<a href="https:\/\/grafana.example\/d\/cart" rel="noopener noreferrer" target="_blank">/,
    );
  });

  it('keeps task lists, tables and code blocks', () => {
    const html = renderRunbook(
      '# R\n\n- [x] paged\n- [ ] mitigated\n\n| a | b |\n|---|:-:|\n| 1 | 2 |\n\n```bash\nkubectl get pods\n```\n',
      options,
    );
    expect(html).toContain('<input type="checkbox" disabled checked />');
    expect(html).toContain('<td align="center">2</td>');
    expect(html).toContain('<code class="language-bash">kubectl get pods');
  });
});

describe('plainText', () => {
  it('is the words of the rendered runbook without markup', () => {
    expect(
      plainText(
        renderRunbook(
          '---\nalerts: [A]\n---\n## Restart\n\nRun `kubectl rollout restart` & wait <5 min.',
          { path: 'r.md' },
        ),
      ),
    ).toBe('Restart\n\nRun kubectl rollout restart & wait <5 min.');
  });
});

describe('headingSlug', () => {
  it('is the GitHub anchor of a heading', () => {
    expect(headingSlug('2. Escalation path: on-call!')).toBe(
      '2-escalation-path-on-call',
    );
  });
});
