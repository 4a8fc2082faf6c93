import { Entity } from '@backstage/catalog-model';
import parseGitUrl from 'git-url-parse';

/** Where a Component's runbooks are annotated to be. */
export const RUNBOOKS_ANNOTATION = 'paved.dev/runbooks';
const SOURCE_LOCATION_ANNOTATION = 'backstage.io/source-location';
const PROJECT_SLUG_ANNOTATION = 'github.com/project-slug';

/**
 * How to read one Component's runbooks through the URL reader:
 * `search(searchUrl)`, then keep the files whose repository path matches
 * `pattern`. When the search lists the whole repository (`listsRepository`),
 * the other paths are what relative links are checked against.
 */
export type RunbookLocation = {
  searchUrl: string;
  /** minimatch pattern over repository paths; undefined keeps every file found. */
  pattern?: string;
  listsRepository: boolean;
  /** The repository for people: `https://github.com/o/r`. */
  repo: string;
};

const isGlob = (text: string) => /[*?[\]{}]/.test(text);
const isAbsoluteUrl = (text: string) => /^https?:\/\//i.test(text);

/** `docs/runbooks/` or `docs/runbooks` → every `.md` below; a file or glob as is. */
function toPattern(path: string): string {
  const clean = path.trim().replace(/^\.?\//, '');
  if (isGlob(clean) || /\.(md|markdown)$/i.test(clean)) return clean;
  return `${clean.replace(/\/+$/, '')}/**/*.md`;
}

/**
 * The repository root (or monorepo sub-directory) as a tree URL ending in
 * `/`: `url:https://github.com/o/r/` becomes `https://github.com/o/r/tree/HEAD/`
 * so that the reader's search has a ref and a path to put a glob after.
 */
function sourceRoot(
  entity: Entity,
): { url: string; dir: string; repo: string } | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const sourceLocation = annotations[SOURCE_LOCATION_ANNOTATION];
  let url: string | undefined;
  if (sourceLocation) {
    url = sourceLocation.replace(/^url:/, '');
  } else if (annotations[PROJECT_SLUG_ANNOTATION]) {
    url = `https://github.com/${annotations[PROJECT_SLUG_ANNOTATION]}`;
  }
  if (!url || !isAbsoluteUrl(url)) return undefined;
  let parsed: ReturnType<typeof parseGitUrl>;
  try {
    parsed = parseGitUrl(url);
  } catch {
    return undefined;
  }
  const repo = `${parsed.protocol === 'http' ? 'http' : 'https'}://${
    parsed.resource
  }/${parsed.full_name}`;
  if (!parsed.ref) {
    return { url: `${repo}/tree/HEAD/`, dir: '', repo };
  }
  const dir = parsed.filepath ? `${parsed.filepath.replace(/\/+$/, '')}/` : '';
  const base = url.replace(/[?#].*$/, '');
  return { url: base.endsWith('/') ? base : `${base}/`, dir, repo };
}

/**
 * Where to read a Component's runbooks: the `paved.dev/runbooks`
 * annotation (a path, directory or glob relative to the source location, or
 * an absolute URL), else `defaultPath` below the source location. Undefined
 * when the Component says nothing about where its code lives.
 */
export function runbookLocation(
  entity: Entity,
  defaultPath: string,
): RunbookLocation | undefined {
  const annotated = entity.metadata.annotations?.[RUNBOOKS_ANNOTATION]?.trim();
  if (annotated && isAbsoluteUrl(annotated)) {
    let repo = annotated;
    try {
      const parsed = parseGitUrl(annotated);
      repo = `https://${parsed.resource}/${parsed.full_name}`;
    } catch {
      // Not a git URL: the reader may still read it.
    }
    const path = new URL(annotated).pathname;
    const searchUrl =
      isGlob(path) || /\.(md|markdown)$/i.test(path)
        ? annotated
        : `${annotated.replace(/\/+$/, '')}/**/*.md`;
    return { searchUrl, listsRepository: false, repo };
  }
  const root = sourceRoot(entity);
  if (!root) return undefined;
  return {
    searchUrl: `${root.url}**`,
    pattern: `${root.dir}${toPattern(annotated || defaultPath)}`,
    listsRepository: true,
    repo: root.repo,
  };
}

/** A file's path in its repository, from the URL the reader's search gave it. */
export function repositoryPath(fileUrl: string): string {
  try {
    return parseGitUrl(fileUrl).filepath;
  } catch {
    return new URL(fileUrl).pathname.replace(/^\/+/, '');
  }
}

/** The page showing a file on the SCM's web UI (GitHub's `tree/` URLs of files become `blob/`). */
export function fileWebUrl(fileUrl: string): string {
  return fileUrl.replace(
    /^(https?:\/\/[^/]+\/[^/]+\/[^/]+)\/tree\//,
    '$1/blob/',
  );
}
