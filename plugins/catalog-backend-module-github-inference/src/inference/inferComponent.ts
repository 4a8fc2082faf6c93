import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  ANNOTATION_INGESTED_BY,
  ANNOTATION_SOURCE_KIND,
  ANNOTATION_SOURCE_LOCATION as ANNOTATION_INGESTED_FROM,
  ANNOTATION_UNOWNED,
} from '@internal/plugin-catalog-ingestion-node';
import {
  ownerToEntityRef,
  parseCodeowners,
  repositoryOwners,
} from './parseCodeowners';

/** What the provider learnt about one repository, in the provider's own terms. */
export type RepositorySnapshot = {
  organization: string;
  name: string;
  description: string | null;
  htmlUrl: string;
  defaultBranch: string;
  topics: string[];
  language: string | null;
  archived: boolean;
  pushedAt: string | null;
  createdAt: string | null;
  /** Paths of the files on the default branch. */
  paths: string[];
  /** The CODEOWNERS file's text, when the repository has one. */
  codeowners?: string;
  /** Teams with access to the repository and their permission. */
  teams: Array<{ slug: string; permission: string }>;
};

export type InferenceOptions = {
  /** The provider emitting the entity, recorded on it for provenance. */
  providerName: string;
  now: Date;
  /** A repository with no push for this many days is `deprecated`. */
  staleAfterDays: number;
  /** A repository created less than this many days ago is `experimental`. */
  experimentalForDays: number;
  /** Owner given when nothing names one; the unowned view lists these. */
  unownedOwner: string;
};

export type OwnerSource = 'codeowners' | 'admin-team' | 'maintain-team' | 'none';

export type InferredComponent = { entity: Entity; ownerSource: OwnerSource };

export const ANNOTATION_INFERRED = 'paved.dev/inferred';
export const ANNOTATION_OWNER_SOURCE = 'paved.dev/owner-source';
export const ANNOTATION_PROJECT_SLUG = 'github.com/project-slug';
export const INFERRED_TAG = 'inferred';

export const CATALOG_INFO_PATHS = ['catalog-info.yaml', 'catalog-info.yml'];
export const CODEOWNERS_PATHS = [
  '.github/CODEOWNERS',
  'CODEOWNERS',
  'docs/CODEOWNERS',
];

const DAY_MS = 24 * 60 * 60 * 1000;

export function declaresCatalogInfo(paths: string[]): boolean {
  return paths.some(path => CATALOG_INFO_PATHS.includes(path));
}

/** The CODEOWNERS file GitHub would use: the first of its three locations. */
export function codeownersPath(paths: string[]): string | undefined {
  return CODEOWNERS_PATHS.find(candidate => paths.includes(candidate));
}

/** A valid entity name for a repository name (lower case, ≤ 63 characters). */
export function toEntityName(repositoryName: string): string {
  return (
    repositoryName
      .toLocaleLowerCase('en-US')
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/[._-]{2,}/g, '-')
      .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
      .slice(0, 63)
      .replace(/[^a-z0-9]+$/, '') || 'unnamed'
  );
}

/** A valid catalog tag for a topic or language, or undefined. */
export function toTag(value: string): string | undefined {
  const tag = value
    .toLocaleLowerCase('en-US')
    .replace(/\s+/g, '-')
    .replace(/[^a-z0-9:+#-]+/g, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return tag.length > 0 ? tag : undefined;
}

function inferOwner(
  repo: RepositorySnapshot,
  unownedOwner: string,
): { owner: string; ownerSource: OwnerSource } {
  if (repo.codeowners) {
    const owner = repositoryOwners(parseCodeowners(repo.codeowners))
      .map(candidate => ownerToEntityRef(candidate, repo.organization))
      .find(ref => ref?.startsWith('group:'));
    if (owner) return { owner, ownerSource: 'codeowners' };
  }
  for (const [permission, ownerSource] of [
    ['admin', 'admin-team'],
    ['maintain', 'maintain-team'],
  ] as const) {
    const teams = repo.teams
      .filter(team => team.permission === permission)
      .map(team => team.slug)
      .sort();
    if (teams.length > 0) {
      return { owner: `group:default/${teams[0]}`, ownerSource };
    }
  }
  return { owner: unownedOwner, ownerSource: 'none' };
}

function inferLifecycle(repo: RepositorySnapshot, options: InferenceOptions) {
  const age = (iso: string | null) =>
    iso ? (options.now.getTime() - Date.parse(iso)) / DAY_MS : undefined;
  const sincePush = age(repo.pushedAt);
  if (repo.archived || (sincePush !== undefined && sincePush > options.staleAfterDays)) {
    return 'deprecated';
  }
  const sinceCreated = age(repo.createdAt);
  if (sinceCreated !== undefined && sinceCreated < options.experimentalForDays) {
    return 'experimental';
  }
  return 'production';
}

/**
 * A Component for a repository that has no catalog-info.yaml, marked as
 * inferred so that users know to add one. Pure: everything it needs is in
 * the snapshot.
 */
export function inferComponent(
  repo: RepositorySnapshot,
  options: InferenceOptions,
): InferredComponent {
  const { owner, ownerSource } = inferOwner(repo, options.unownedOwner);
  const slug = `${repo.organization}/${repo.name}`;
  const location = `url:${repo.htmlUrl}`;
  // The `inferred` tag makes these visible (and filterable) in the catalog
  // table, so owners see which services still need a catalog-info.yaml.
  const tags = [
    ...new Set(
      [INFERRED_TAG, ...repo.topics, ...(repo.language ? [repo.language] : [])]
        .map(toTag)
        .filter((tag): tag is string => tag !== undefined),
    ),
  ];
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: toEntityName(repo.name),
      title: repo.name,
      ...(repo.description ? { description: repo.description } : {}),
      annotations: {
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
        [ANNOTATION_SOURCE_LOCATION]: `url:${repo.htmlUrl}/tree/${repo.defaultBranch}/`,
        [ANNOTATION_PROJECT_SLUG]: slug,
        [ANNOTATION_INFERRED]: 'true',
        [ANNOTATION_OWNER_SOURCE]: ownerSource,
        [ANNOTATION_INGESTED_BY]: options.providerName,
        [ANNOTATION_SOURCE_KIND]: 'github',
        [ANNOTATION_INGESTED_FROM]: slug,
        ...(ownerSource === 'none' ? { [ANNOTATION_UNOWNED]: 'true' } : {}),
      },
      tags,
      links: [{ url: repo.htmlUrl, title: 'Repository', icon: 'github' }],
    },
    spec: {
      type: repo.paths.includes('Dockerfile') ? 'service' : 'other',
      lifecycle: inferLifecycle(repo, options),
      owner,
    },
  };
  return { entity, ownerSource };
}
