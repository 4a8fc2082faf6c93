// @ts-check

/**
 * Deployments, the pull requests they ship and incidents, each linked to a
 * catalog Component by entity ref (null when its repository maps to none:
 * kept and shown as unlinked) and by repository.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dora_deployments', table => {
    table.comment(
      'Deployments reported by GitHub or a CD tool; id is source:id',
    );
    table.string('id', 300).primary();
    table.string('entity_ref').nullable();
    table.string('repository').nullable().comment('owner/name, lower case');
    table.string('environment').notNullable();
    table
      .string('environment_kind')
      .notNullable()
      .comment('production | staging | other, from dora.environments');
    table.string('sha', 40).notNullable().comment('lower case');
    table.string('status').notNullable().comment('success | failure');
    table.timestamp('started_at', { useTz: true }).nullable();
    table.timestamp('finished_at', { useTz: true }).notNullable();
    table.string('source').notNullable();
    table
      .string('unplanned_reason')
      .nullable()
      .comment('hotfix | revert | rollback | incident-response');
    table.string('remediates_deployment_id', 300).nullable();
    table.text('url').nullable();
    table
      .timestamp('received_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(['entity_ref', 'finished_at'], 'dora_deployments_entity_idx');
    table.index(
      ['repository', 'finished_at'],
      'dora_deployments_repository_idx',
    );
  });

  await knex.schema.createTable('dora_deployment_changes', table => {
    table.comment('Merge SHAs a CD tool said a deployment ships');
    table
      .string('deployment_id', 300)
      .notNullable()
      .references('id')
      .inTable('dora_deployments')
      .onDelete('CASCADE');
    table.string('merge_sha', 40).notNullable();
    table.primary(['deployment_id', 'merge_sha']);
  });

  await knex.schema.createTable('dora_changes', table => {
    table.comment('Merged pull requests; id is owner/name#number');
    table.string('id', 300).primary();
    table.string('entity_ref').nullable();
    table.string('repository').notNullable();
    table.integer('number').notNullable();
    table.text('title').notNullable();
    table.timestamp('first_commit_at', { useTz: true }).notNullable();
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table.timestamp('first_review_at', { useTz: true }).nullable();
    table.timestamp('merged_at', { useTz: true }).notNullable();
    table.string('merge_sha', 40).notNullable();
    table.boolean('is_revert').notNullable().defaultTo(false);
    table.index(['entity_ref', 'merged_at'], 'dora_changes_entity_idx');
    table.index(['repository', 'merged_at'], 'dora_changes_repository_idx');
  });

  await knex.schema.createTable('dora_incidents', table => {
    table.comment(
      'Incidents; id is source:id. Attribution to a deployment is computed when read, so late events count',
    );
    table.string('id', 300).primary();
    table.string('entity_ref').nullable();
    table.string('repository').nullable();
    table.text('title').notNullable();
    table.string('source').notNullable();
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.string('named_deployment_id', 300).nullable();
    table.string('named_sha', 40).nullable();
    table.index(['entity_ref', 'opened_at'], 'dora_incidents_entity_idx');
    table.index(['repository', 'opened_at'], 'dora_incidents_repository_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dora_incidents');
  await knex.schema.dropTable('dora_changes');
  await knex.schema.dropTable('dora_deployment_changes');
  await knex.schema.dropTable('dora_deployments');
};
