import { brokenLinks, linkKind, resolveRelativeLink } from './links';
import { parseRunbook } from './parseRunbook';
import type { RunbookLink } from './types';

const relative = (href: string, isImage = false): RunbookLink => ({
  href,
  kind: 'relative',
  isImage,
});

describe('linkKind', () => {
  it('tells anchors, absolute and relative links apart', () => {
    expect(linkKind('#diagnosis')).toBe('anchor');
    expect(linkKind('')).toBe('anchor');
    expect(linkKind('https://grafana.internal/d/x')).toBe('absolute');
    expect(linkKind('mailto:oncall@example.com')).toBe('absolute');
    expect(linkKind('//cdn.example.com/x.png')).toBe('absolute');
    expect(linkKind('../x.md#part')).toBe('relative');
    expect(linkKind('/docs/x.md')).toBe('relative');
  });
});

describe('resolveRelativeLink', () => {
  it('resolves against the runbook directory or the repository root', () => {
    expect(resolveRelativeLink('docs/runbooks/a.md', '../x.md#y')).toBe(
      'docs/x.md',
    );
    expect(resolveRelativeLink('docs/runbooks/a.md', './img/a%20b.png')).toBe(
      'docs/runbooks/img/a b.png',
    );
    expect(resolveRelativeLink('docs/runbooks/a.md', '/README.md?x=1')).toBe(
      'README.md',
    );
    expect(resolveRelativeLink('a.md', '../../etc/passwd')).toBeUndefined();
  });
});

describe('brokenLinks', () => {
  const repo = new Set([
    '/docs/architecture.md',
    './docs/runbooks/img/flow.png',
    'README.md',
  ]);

  it('returns only relative links that point at nothing', () => {
    const links: RunbookLink[] = [
      relative('../architecture.md'),
      relative('img/flow.png', true),
      relative('img/missing.png', true),
      relative('../missing.md'),
      relative('../../../outside.md'),
      relative('../'),
      { href: '#anchor', kind: 'anchor', isImage: false },
      { href: 'https://example.com', kind: 'absolute', isImage: false },
    ];
    expect(brokenLinks('docs/runbooks/a.md', links, repo)).toEqual([
      relative('img/missing.png', true),
      relative('../missing.md'),
      relative('../../../outside.md'),
    ]);
  });

  it('finds links in lists, tables and inline HTML', () => {
    const { links } = parseRunbook({
      path: 'docs/runbooks/a.md',
      content: [
        '# A',
        '- see [list](list.md)',
        '| dashboard |\n| --- |\n| [cell](cell.md) |',
        '<a href="html.md">x</a> <img src=\'pic.png\' width=200>',
      ].join('\n\n'),
    });
    expect(links).toEqual([
      relative('list.md'),
      relative('cell.md'),
      relative('html.md'),
      relative('pic.png', true),
    ]);
  });
});
