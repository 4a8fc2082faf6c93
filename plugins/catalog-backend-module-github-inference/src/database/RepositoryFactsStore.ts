import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { RepositoryFacts } from '../inference/repositoryFacts';

const TABLE = 'paved_repository_facts';
const MIGRATIONS_TABLE = 'paved_repository_facts_migrations';
const BATCH_SIZE = 500;

type Row = {
  repository_slug: string;
  provider_id: string;
  entity_ref: string | null;
  default_branch: string;
  has_catalog_info: boolean;
  has_dockerfile: boolean;
  has_codeowners: boolean;
  ci_workflows: string[] | string;
  runbooks: string[] | string;
  archived: boolean;
  pushed_at: Date | string | null;
  observed_at: Date | string;
};

const json = (value: string[] | string): string[] =>
  typeof value === 'string' ? JSON.parse(value) : value;

function toRow(providerId: string, fact: RepositoryFacts, observedAt: Date) {
  return {
    repository_slug: fact.repositorySlug,
    provider_id: providerId,
    entity_ref: fact.entityRef ?? null,
    default_branch: fact.defaultBranch,
    has_catalog_info: fact.hasCatalogInfo,
    has_dockerfile: fact.hasDockerfile,
    has_codeowners: fact.hasCodeowners,
    ci_workflows: JSON.stringify(fact.ciWorkflows),
    runbooks: JSON.stringify(fact.runbooks),
    archived: fact.archived,
    pushed_at: fact.pushedAt,
    observed_at: observedAt,
  };
}

/** The repository facts table: written by inference passes, read by anyone. */
export class RepositoryFactsStore {
  static async create(database: DatabaseService): Promise<RepositoryFactsStore> {
    const client = await database.getClient();
    if (!database.migrations?.skip) {
      await client.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-catalog-backend-module-github-inference',
          'migrations',
        ),
        // The catalog plugin's database has its own knex_migrations.
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new RepositoryFactsStore(client);
  }

  constructor(private readonly db: Knex) {}

  /**
   * Makes the provider's rows exactly `facts`: upserts them and deletes the
   * repositories the provider no longer sees, in one transaction. Call it
   * only after a complete pass.
   */
  async replaceForProvider(
    providerId: string,
    facts: RepositoryFacts[],
    observedAt: Date,
  ): Promise<void> {
    await this.db.transaction(async tx => {
      const rows = facts.map(fact => toRow(providerId, fact, observedAt));
      for (let i = 0; i < rows.length; i += BATCH_SIZE) {
        await tx(TABLE)
          .insert(rows.slice(i, i + BATCH_SIZE))
          .onConflict('repository_slug')
          .merge();
      }
      await tx(TABLE)
        .where('provider_id', providerId)
        .where('observed_at', '<', observedAt)
        .delete();
    });
  }

  /** Records one repository's facts between passes (a webhook saw it change). */
  async upsert(
    providerId: string,
    fact: RepositoryFacts,
    observedAt: Date,
  ): Promise<void> {
    await this.db(TABLE)
      .insert(toRow(providerId, fact, observedAt))
      .onConflict('repository_slug')
      .merge();
  }

  /** Forgets a repository that was deleted upstream. */
  async remove(repositorySlug: string): Promise<void> {
    await this.db(TABLE)
      .where('repository_slug', repositorySlug.toLocaleLowerCase('en-US'))
      .delete();
  }

  async get(repositorySlug: string): Promise<RepositoryFacts | undefined> {
    const row: Row | undefined = await this.db(TABLE)
      .where('repository_slug', repositorySlug.toLocaleLowerCase('en-US'))
      .first();
    return row && this.toFacts(row);
  }

  async listForProvider(providerId: string): Promise<RepositoryFacts[]> {
    const rows: Row[] = await this.db(TABLE)
      .where('provider_id', providerId)
      .orderBy('repository_slug');
    return rows.map(row => this.toFacts(row));
  }

  private toFacts(row: Row): RepositoryFacts {
    return {
      repositorySlug: row.repository_slug,
      ...(row.entity_ref ? { entityRef: row.entity_ref } : {}),
      defaultBranch: row.default_branch,
      hasCatalogInfo: row.has_catalog_info,
      hasDockerfile: row.has_dockerfile,
      hasCodeowners: row.has_codeowners,
      ciWorkflows: json(row.ci_workflows),
      runbooks: json(row.runbooks),
      archived: row.archived,
      pushedAt: row.pushed_at ? new Date(row.pushed_at) : null,
    };
  }
}
