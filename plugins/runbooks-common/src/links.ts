import type { RunbookLink } from './types';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * `#anchor` (and an empty href) point into the same document; a scheme
 * (`https:`, `mailto:`) or `//host` is absolute; everything else, including
 * repository-root paths (`/docs/x.md`), is relative to the repository.
 */
export function linkKind(href: string): RunbookLink['kind'] {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#')) {
    return 'anchor';
  }
  if (SCHEME.test(trimmed) || trimmed.startsWith('//')) {
    return 'absolute';
  }
  return 'relative';
}

function stripSlashes(path: string): string {
  return path.replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

/**
 * Resolves a relative href against the runbook's directory into a
 * repository path without a leading slash, or undefined when it climbs above
 * the repository root. Query and fragment are dropped, `%20` decoded.
 */
export function resolveRelativeLink(
  runbookPath: string,
  href: string,
): string | undefined {
  let target = href.trim().replace(/[?#].*$/, '');
  try {
    target = decodeURIComponent(target);
  } catch {
    // A stray "%" is a literal character in a file name.
  }
  const base = target.startsWith('/')
    ? []
    : stripSlashes(runbookPath).split('/').slice(0, -1);
  const parts = [...base];
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (parts.length === 0) {
        return undefined;
      }
      parts.pop();
    } else {
      parts.push(segment);
    }
  }
  return parts.join('/');
}

/**
 * The relative links and images of a runbook that point at nothing in the
 * repository. `repoPaths` lists the repository's files (paths from its root,
 * with or without a leading `/` or `./`); a link to a directory is fine when
 * some file lives under it. Anchors and absolute URLs are never reported:
 * checking them needs the network or the rendered page.
 */
export function brokenLinks(
  runbookPath: string,
  links: ReadonlyArray<RunbookLink>,
  repoPaths: ReadonlySet<string>,
): RunbookLink[] {
  const files = new Set(Array.from(repoPaths, stripSlashes));
  let directories: Set<string> | undefined;
  const isDirectory = (path: string) => {
    if (!directories) {
      directories = new Set(['']);
      for (const file of files) {
        const parts = file.split('/');
        for (let i = 1; i < parts.length; i++) {
          directories.add(parts.slice(0, i).join('/'));
        }
      }
    }
    return directories.has(path);
  };
  return links.filter(link => {
    if (link.kind !== 'relative') {
      return false;
    }
    const target = resolveRelativeLink(runbookPath, link.href);
    if (target === undefined) {
      return true;
    }
    return !files.has(target) && !isDirectory(target);
  });
}
