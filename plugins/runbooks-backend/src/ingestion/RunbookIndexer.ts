import {
  AuthService,
  LoggerService,
  UrlReaderService,
  UrlReaderServiceSearchResponseFile,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  brokenLinks,
  IndexRun,
  parseRunbook,
  RunbookProblem,
} from '@internal/plugin-runbooks-common';
import { InputError, NotFoundError } from '@backstage/errors';
import { Minimatch } from 'minimatch';
import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import { RunbooksConfig } from '../config/readRunbooksConfig';
import {
  RunbookInput,
  RunbookStore,
  StoredFileVersion,
} from '../database/RunbookStore';
import { CommitLookup } from './GithubCommitLookup';
import { plainText, renderRunbook } from './renderRunbook';
import {
  fileWebUrl,
  repositoryPath,
  RunbookLocation,
  runbookLocation,
  RUNBOOKS_ANNOTATION,
} from './runbookLocation';

/** The catalog fields indexing reads. */
export const COMPONENT_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
  'spec.lifecycle',
  'spec.type',
];

type ComponentSource = {
  entityRef: string;
  owner?: string;
  system?: string;
  location: RunbookLocation;
};

type Outcome = 'read' | 'unchanged' | 'failed';

/** `checkout-squad` or `group:checkout-squad` → `group:default/checkout-squad`. */
export function fullRef(
  ref: unknown,
  defaultKind: string,
  defaultNamespace = 'default',
): string | undefined {
  if (typeof ref !== 'string' || !ref.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(ref.trim(), { defaultKind, defaultNamespace }),
    );
  } catch {
    return undefined;
  }
}

function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 500 ? `${message.slice(0, 500)}…` : message;
}

/**
 * Reads each Component's runbooks through the URL reader into the store.
 * One `search` per Component: the reader's etag (the head commit) makes an
 * unchanged repository cost one request. A source that cannot be read keeps
 * the runbooks stored before and is reported; only a Component that left
 * the catalog loses its runbooks.
 */
export class RunbookIndexer {
  /** Repository (lower case) → Components reading it, as of the last full pass. */
  private byRepository = new Map<string, string[]>();

  constructor(
    private readonly deps: {
      reader: UrlReaderService;
      store: RunbookStore;
      catalog: CatalogService;
      auth: AuthService;
      config: RunbooksConfig;
      logger: LoggerService;
      commits: CommitLookup;
    },
  ) {}

  private async components(filter?: Record<string, string>): Promise<Entity[]> {
    const { items } = await this.deps.catalog.getEntities(
      { filter: { kind: 'Component', ...filter }, fields: COMPONENT_FIELDS },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    return items;
  }

  private source(entity: Entity): ComponentSource | undefined {
    const location = runbookLocation(entity, this.deps.config.defaultPath);
    if (!location) return undefined;
    return {
      entityRef: stringifyEntityRef(entity),
      owner: fullRef(entity.spec?.owner, 'group', entity.metadata.namespace),
      system: fullRef(entity.spec?.system, 'system', entity.metadata.namespace),
      location,
    };
  }

  /** Every Component, skipping repositories whose commit has not moved. */
  async indexAll(): Promise<IndexRun> {
    const startedAt = new Date();
    const entities = await this.components();
    const sources = entities.flatMap(entity => this.source(entity) ?? []);
    const byRepository = new Map<string, string[]>();
    for (const source of sources) {
      const key = source.location.repo.toLowerCase();
      byRepository.set(key, [
        ...(byRepository.get(key) ?? []),
        source.entityRef,
      ]);
    }
    this.byRepository = byRepository;
    const run = await this.indexSources(sources, startedAt, true);
    const forgotten = await this.deps.store.retainEntities(
      entities.map(entity => stringifyEntityRef(entity)),
    );
    if (forgotten) {
      this.deps.logger.info(
        `Runbooks: forgot ${forgotten} runbooks of Components no longer in the catalog`,
      );
    }
    return run;
  }

  /** One Component now, read in full (no etag). */
  async indexEntity(entityRef: string): Promise<IndexRun> {
    const startedAt = new Date();
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials: await this.deps.auth.getOwnServiceCredentials(),
    });
    if (!entity || entity.kind.toLowerCase() !== 'component') {
      throw new NotFoundError(`No Component ${entityRef} in the catalog`);
    }
    const source = this.source(entity);
    if (!source) {
      throw new InputError(
        `${entityRef} has no source location, GitHub project slug or ${RUNBOOKS_ANNOTATION} URL to read runbooks from`,
      );
    }
    return this.indexSources([source], startedAt, false);
  }

  /** The Components reading a repository (after a push), e.g. `lumen-retail/cart-service`. */
  async indexRepository(host: string, fullName: string): Promise<IndexRun> {
    const startedAt = new Date();
    const key = `https://${host}/${fullName}`.toLowerCase();
    let refs = this.byRepository.get(key);
    if (!refs) {
      const entities = await this.components();
      refs = entities
        .filter(
          entity => this.source(entity)?.location.repo.toLowerCase() === key,
        )
        .map(entity => stringifyEntityRef(entity));
    }
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: COMPONENT_FIELDS },
      { credentials },
    );
    const sources = items.flatMap(entity =>
      entity ? this.source(entity) ?? [] : [],
    );
    return this.indexSources(sources, startedAt, false);
  }

  private async indexSources(
    sources: ComponentSource[],
    startedAt: Date,
    useEtags: boolean,
  ): Promise<IndexRun> {
    const etags = useEtags ? await this.deps.store.sources() : new Map();
    const limit = pLimit(this.deps.config.concurrency);
    const outcomes = await Promise.all(
      sources.map(source =>
        limit(() =>
          this.indexSource(source, etags.get(source.entityRef)?.etag),
        ),
      ),
    );
    const finishedAt = new Date();
    const counts = await this.deps.store.counts();
    const run = {
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      sourcesRead: outcomes.filter(o => o === 'read').length,
      sourcesUnchanged: outcomes.filter(o => o === 'unchanged').length,
      sourcesFailed: outcomes.filter(o => o === 'failed').length,
      runbooks: counts.runbooks,
      problems: counts.problems,
    };
    await this.deps.store.recordRun(run);
    return { ...run, durationMs: finishedAt.getTime() - startedAt.getTime() };
  }

  private async indexSource(
    source: ComponentSource,
    etag: string | undefined,
  ): Promise<Outcome> {
    const { location } = source;
    const sourceInput = {
      entityRef: source.entityRef,
      location: location.searchUrl,
      repo: location.repo,
    };
    try {
      const response = await this.deps.reader.search(location.searchUrl, {
        etag,
      });
      const files = response.files.map(file => ({
        file,
        path: repositoryPath(file.url),
      }));
      const matcher = location.pattern
        ? new Minimatch(location.pattern, { dot: true, nocase: true })
        : undefined;
      const runbookFiles = matcher
        ? files.filter(({ path }) => matcher.match(path))
        : files;
      const repoPaths = new Set(files.map(({ path }) => path));
      const stored = await this.deps.store.storedVersions(source.entityRef);
      const limit = pLimit(8);
      const inputs = await Promise.all(
        runbookFiles.map(({ file, path }) =>
          limit(() =>
            this.readFile(source, file, path, {
              etag: response.etag,
              repoPaths: location.listsRepository ? repoPaths : undefined,
              stored: stored.get(path),
            }),
          ),
        ),
      );
      await this.deps.store.replaceRunbooks(
        { ...sourceInput, etag: response.etag },
        inputs,
      );
      return 'read';
    } catch (error) {
      if ((error as Error)?.name === 'NotModifiedError') {
        await this.deps.store.markUnchanged(sourceInput);
        return 'unchanged';
      }
      const message = describeError(error);
      this.deps.logger.warn(
        `Runbooks of ${source.entityRef} could not be read from ${location.searchUrl}; keeping those read before: ${message}`,
      );
      await this.deps.store.markFailed(sourceInput, message);
      return 'failed';
    }
  }

  private async readFile(
    source: ComponentSource,
    file: UrlReaderServiceSearchResponseFile,
    path: string,
    context: {
      etag: string;
      repoPaths?: Set<string>;
      stored?: StoredFileVersion;
    },
  ): Promise<RunbookInput> {
    const content = await file.content();
    const parsed = parseRunbook({
      path,
      content,
      maxBytes: this.deps.config.maxFileBytes,
    });
    const contentHash = createHash('sha256').update(content).digest('hex');
    const unreadable = parsed.problems.some(
      p => p.code === 'too-large' || p.code === 'binary',
    );
    const webUrl = fileWebUrl(file.url);
    const blobBase = webUrl.endsWith(path)
      ? webUrl.slice(0, webUrl.length - path.length)
      : undefined;
    const text = unreadable ? '' : content.toString('utf8');
    const problems: RunbookProblem[] = [
      ...parsed.problems,
      ...(context.repoPaths
        ? brokenLinks(path, parsed.links, context.repoPaths).map(link => ({
            code: 'broken-link' as const,
            message: `${link.isImage ? 'Image' : 'Link'} "${
              link.href
            }" points at nothing in the repository`,
          }))
        : []),
    ];
    const commit =
      context.stored?.contentHash === contentHash && context.stored.commit
        ? context.stored.commit
        : await this.deps.commits.lastCommit(
            source.location.repo,
            path,
            context.etag,
          );
    const html = unreadable ? '' : renderRunbook(text, { path, blobBase });
    return {
      path,
      url: webUrl,
      title: parsed.title,
      alerts: parsed.alerts,
      severity: parsed.severity,
      owner: fullRef(parsed.owner, 'group') ?? source.owner,
      system: source.system,
      shape: parsed.shape,
      lastReviewed: parsed.lastReviewed,
      commit,
      contentHash,
      html,
      sections: parsed.sections,
      missingSections: parsed.missingSections,
      problems,
      bodyText: plainText(html),
      headings: parsed.sections.map(section => section.heading).join('\n'),
    };
  }
}
