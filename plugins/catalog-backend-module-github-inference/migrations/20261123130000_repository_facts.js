// @ts-check

/**
 * Facts about each GitHub repository that scorecards and other plugins read:
 * what the default branch holds and when it last moved.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('paved_repository_facts', table => {
    table.comment('Facts about GitHub repositories, refreshed by each complete inference pass');
    table.string('repository_slug').primary().comment('owner/name, lower case');
    table.string('provider_id').notNullable().comment('The githubInference provider that saw it');
    table
      .string('entity_ref')
      .nullable()
      .comment('The inferred Component; null when the repository declares its own catalog-info.yaml');
    table.string('default_branch').notNullable();
    table.boolean('has_catalog_info').notNullable();
    table.boolean('has_dockerfile').notNullable();
    table.boolean('has_codeowners').notNullable();
    table.jsonb('ci_workflows').notNullable().comment('Paths under .github/workflows/');
    table.jsonb('runbooks').notNullable().comment('Markdown paths under docs/runbooks/');
    table.boolean('archived').notNullable();
    table.timestamp('pushed_at', { useTz: true }).nullable();
    table.timestamp('observed_at', { useTz: true }).notNullable();
    table.index(['provider_id'], 'paved_repository_facts_provider_idx');
    table.index(['entity_ref'], 'paved_repository_facts_entity_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('paved_repository_facts');
};
