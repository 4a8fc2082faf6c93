// @ts-check

/**
 * What the metric definitions say about each record of each Component
 * (plugins/dora-backend/src/metrics/computeDoraMetrics.ts, deriveFacts): a
 * derived, rebuildable cache, so that the org page aggregates in PostgreSQL
 * instead of reading every record. `scope_environment` is '' for all
 * production environments, or the one production environment the facts
 * were derived for. A Component whose records change is marked in
 * dora_stale_services and re-derived before the next org query reads it,
 * so late events count.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dora_deployment_facts', table => {
    table.comment(
      'Successful production deployments: failed? recovered after? unplanned?',
    );
    table.string('entity_ref').notNullable();
    table.string('scope_environment').notNullable();
    table.string('deployment_id', 300).notNullable();
    table.timestamp('finished_at', { useTz: true }).notNullable();
    table.boolean('failed').notNullable();
    table.double('recovery_seconds').nullable();
    table.boolean('unplanned').notNullable();
    table.primary(['entity_ref', 'scope_environment', 'deployment_id']);
  });
  // Covering: the org query reads a window's facts from the index alone.
  await knex.raw(
    'CREATE INDEX dora_deployment_facts_time_idx ON dora_deployment_facts (scope_environment, finished_at) INCLUDE (entity_ref, failed, recovery_seconds, unplanned)',
  );
  await knex.schema.createTable('dora_change_facts', table => {
    table.comment(
      'Pull requests shipped to production, with lead time and its stages',
    );
    table.string('entity_ref').notNullable();
    table.string('scope_environment').notNullable();
    table.string('change_id', 300).notNullable();
    table.string('deployment_id', 300).notNullable();
    table.timestamp('deployed_at', { useTz: true }).notNullable();
    table.double('lead_seconds').notNullable();
    table.double('coding_seconds').notNullable();
    table.double('pickup_seconds').nullable();
    table.double('review_seconds').notNullable();
    table.double('deploy_seconds').notNullable();
    table.primary(['entity_ref', 'scope_environment', 'change_id']);
    table.index(
      ['scope_environment', 'deployed_at'],
      'dora_change_facts_time_idx',
    );
  });
  await knex.schema.createTable('dora_incident_facts', table => {
    table.comment('Incidents with their time to restore');
    table.string('entity_ref').notNullable();
    table.string('incident_id', 300).notNullable();
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table.double('restore_seconds').nullable();
    table.primary(['entity_ref', 'incident_id']);
  });
  await knex.raw(
    'CREATE INDEX dora_incident_facts_time_idx ON dora_incident_facts (opened_at) INCLUDE (entity_ref, restore_seconds)',
  );
  await knex.schema.createTable('dora_stale_services', table => {
    table.comment(
      'Services whose records changed since their facts were derived',
    );
    table
      .string('service')
      .primary()
      .comment('a Component entity ref, or an owner/name repository');
    table.timestamp('marked_at', { useTz: true }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dora_stale_services');
  await knex.schema.dropTable('dora_incident_facts');
  await knex.schema.dropTable('dora_change_facts');
  await knex.schema.dropTable('dora_deployment_facts');
};
