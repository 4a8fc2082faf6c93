// @ts-check

/**
 * How far the GitHub backfill has read each repository's streams
 * (deployments, workflow-runs, releases, pulls, issues): the next pass reads
 * from there (less an overlap), so a pass is incremental and a failed one
 * resumes where its last completed stream ended.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dora_github_cursors', table => {
    table.comment('GitHub backfill progress per repository and stream');
    table.string('repository').notNullable().comment('owner/name, lower case');
    table.string('stream').notNullable();
    table
      .timestamp('synced_until', { useTz: true })
      .notNullable()
      .comment('everything created or updated before this has been read');
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['repository', 'stream']);
  });
  await knex.schema.alterTable('dora_deployments', table => {
    table.index(['repository', 'source'], 'dora_deployments_source_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('dora_deployments', table => {
    table.dropIndex(['repository', 'source'], 'dora_deployments_source_idx');
  });
  await knex.schema.dropTable('dora_github_cursors');
};
