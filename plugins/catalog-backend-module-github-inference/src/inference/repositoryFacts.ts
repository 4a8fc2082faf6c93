import { RepositorySnapshot, codeownersPath, declaresCatalogInfo } from './inferComponent';

/** What scorecards and other plugins want to know about a repository. */
export type RepositoryFacts = {
  repositorySlug: string;
  entityRef?: string;
  defaultBranch: string;
  hasCatalogInfo: boolean;
  hasDockerfile: boolean;
  hasCodeowners: boolean;
  ciWorkflows: string[];
  runbooks: string[];
  archived: boolean;
  pushedAt: Date | null;
};

/** Pure: the facts a snapshot of the default branch shows. */
export function repositoryFacts(
  snapshot: RepositorySnapshot,
  entityRef?: string,
): RepositoryFacts {
  return {
    repositorySlug: `${snapshot.organization}/${snapshot.name}`.toLocaleLowerCase('en-US'),
    entityRef,
    defaultBranch: snapshot.defaultBranch,
    hasCatalogInfo: declaresCatalogInfo(snapshot.paths),
    hasDockerfile: snapshot.paths.includes('Dockerfile'),
    hasCodeowners: codeownersPath(snapshot.paths) !== undefined,
    ciWorkflows: snapshot.paths
      .filter(path => /^\.github\/workflows\/[^/]+\.ya?ml$/.test(path))
      .sort(),
    runbooks: snapshot.paths
      .filter(path => /^docs\/runbooks\/.+\.md$/i.test(path))
      .sort(),
    archived: snapshot.archived,
    pushedAt: snapshot.pushedAt ? new Date(snapshot.pushedAt) : null,
  };
}
